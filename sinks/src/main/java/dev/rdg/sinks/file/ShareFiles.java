package dev.rdg.sinks.file;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import dev.rdg.sinks.ElementKind;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.MemoryGraph;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.WindowShares;
import dev.rdg.sinks.export.GraphMl;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The file sink's folder: share files under {@code shares/}, one line per upsert (the model coder's bytes
 * in Base64), named {@code <epoch millis>-<random>.<kind>} so that name order is write order; and the
 * materialized {@code graph.jsonl} and {@code graph.graphml}.
 */
final class ShareFiles {
  static final Kind<Node> NODES =
      new Kind<>("nodes", Node.NodeCoder.of(), ElementKind.NODES, (n, seen) -> Node.of(n.ref(), seen, null));
  static final Kind<Edge> EDGES =
      new Kind<>("edges", Edge.EdgeCoder.of(), ElementKind.EDGES, (e, seen) -> Edge.of(e.ref(), seen, null));

  private ShareFiles() {}

  /** Nodes or edges: the share files' suffix, coder and element kind. */
  static final class Kind<T> implements Serializable {
    final String suffix;
    final Coder<T> coder;
    final ElementKind<T> elements;
    /** The element of an upsert with the given merged observations and no window. */
    final SerializableBiFunction<T, Observations, T> merged;

    Kind(
        String suffix,
        Coder<T> coder,
        ElementKind<T> elements,
        SerializableBiFunction<T, Observations, T> merged) {
      this.suffix = suffix;
      this.coder = coder;
      this.elements = elements;
      this.merged = merged;
    }
  }

  /** Writes the upserts to a new share file, atomically (a reader never sees half a file). */
  static <T> void append(Path folder, Kind<T> kind, List<T> upserts) throws IOException {
    Path shares = Files.createDirectories(folder.resolve("shares"));
    String name = String.format("%013d-%s.%s", System.currentTimeMillis(), UUID.randomUUID(), kind.suffix);
    Path temp = shares.resolve("." + name + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
      for (T upsert : upserts) {
        out.write(Base64.getEncoder().encodeToString(CoderUtils.encodeToByteArray(kind.coder, upsert)));
        out.write('\n');
      }
    }
    Files.move(temp, shares.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The graph of the folder's share files, merged in memory; an absent folder is an empty graph. */
  static GraphReader read(Path folder) {
    try {
      return MemoryGraph.of(merged(folder, NODES).values(), merged(folder, EDGES).values());
    } catch (IOException e) {
      throw new UncheckedIOException("file sink " + folder + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Rewrites {@code graph.jsonl} and {@code graph.graphml} from the share files. */
  static void materialize(Path folder) throws IOException {
    Files.createDirectories(folder);
    try (GraphReader graph = read(folder)) {
      Path jsonl = folder.resolve(".graph.jsonl.tmp");
      JsonlExport.write(graph, jsonl);
      replace(jsonl, folder.resolve("graph.jsonl"));
      Path graphml = folder.resolve(".graph.graphml.tmp");
      try (Writer out = Files.newBufferedWriter(graphml, StandardCharsets.UTF_8)) {
        GraphMl.write(graph, out);
      }
      replace(graphml, folder.resolve("graph.graphml"));
    }
  }

  private static void replace(Path temp, Path file) throws IOException {
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Replays the kind's upserts in write order, each replacing its window's share, and returns each
   * element merged over its windows (window null), by key.
   */
  private static <T> Map<String, T> merged(Path folder, Kind<T> kind) throws IOException {
    Map<String, T> first = new LinkedHashMap<>();
    Map<String, WindowShares> shares = new LinkedHashMap<>();
    for (T upsert : upserts(folder, kind)) {
      String key = kind.elements.key(upsert);
      first.putIfAbsent(key, upsert);
      shares.put(key, kind.elements.applied(shares.getOrDefault(key, WindowShares.empty()), List.of(upsert)));
    }
    Map<String, T> merged = new LinkedHashMap<>();
    shares.forEach(
        (key, element) -> merged.put(key, kind.merged.apply(first.get(key), element.merged())));
    return merged;
  }

  /** Every upsert of the kind, in write order. */
  private static <T> List<T> upserts(Path folder, Kind<T> kind) throws IOException {
    Path shares = folder.resolve("shares");
    if (!Files.isDirectory(shares)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(shares)) {
      files =
          list.filter(f -> f.getFileName().toString().endsWith("." + kind.suffix))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .collect(Collectors.toList());
    }
    List<T> upserts = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        try {
          upserts.add(CoderUtils.decodeFromByteArray(kind.coder, Base64.getDecoder().decode(line)));
        } catch (CoderException | IllegalArgumentException e) {
          throw new IOException("corrupt share file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return upserts;
  }
}
