package dev.rdg.sinks;

import dev.rdg.model.GraphJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The export contract ({@code rdg export --format=jsonl}): every node and edge of a graph as its
 * {@link GraphJson} line, sorted by the lines' UTF-8 bytes (unsigned), each followed by {@code \n}.
 *
 * <p>Sorting by bytes rather than by Java's UTF-16 order makes the file the same whatever wrote it: two sinks
 * given the same input, or one sink given it in any order, export byte-identical files that {@code diff},
 * {@code sort} and checksums agree on.
 *
 * <pre>{@code
 * try (GraphReader graph = GraphSinks.fromUri("embedded:./graph").openReader()) {
 *   JsonlExport.write(graph, Paths.get("graph.jsonl"));
 * }
 * }</pre>
 */
public final class JsonlExport {
  private JsonlExport() {}

  /** The export lines of {@code graph}, sorted, without line ends. */
  public static List<String> lines(GraphReader graph) {
    List<byte[]> lines = new ArrayList<>();
    addLines(lines, graph.nodes(), GraphJson::line);
    addLines(lines, graph.edges(), GraphJson::line);
    lines.sort(Arrays::compareUnsigned);
    List<String> sorted = new ArrayList<>(lines.size());
    lines.forEach(line -> sorted.add(new String(line, StandardCharsets.UTF_8)));
    return sorted;
  }

  /** Writes the export of {@code graph} to {@code out}, which should encode UTF-8; does not close it. */
  public static void write(GraphReader graph, Writer out) throws IOException {
    for (String line : lines(graph)) {
      out.write(line);
      out.write('\n');
    }
    out.flush();
  }

  /** Writes the export of {@code graph} to {@code file} in UTF-8, replacing it. */
  public static void write(GraphReader graph, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(graph, out);
    }
  }

  private static <T> void addLines(List<byte[]> lines, Iterator<T> elements, Function<T, String> line) {
    elements.forEachRemaining(element -> lines.add(line.apply(element).getBytes(StandardCharsets.UTF_8)));
  }
}
