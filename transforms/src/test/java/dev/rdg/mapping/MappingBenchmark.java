package dev.rdg.mapping;

import dev.rdg.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the mapping of one source's events on one thread, pass after pass over the same lines: the first
 * pass is what a short job pays (code still interpreted or being compiled), the later ones the warm cost.
 * With {@code decode} it times only the payload's decoding (Jackson's tree), the part no mapping change
 * can remove. Prints microseconds per event for each pass.
 *
 * <pre>{@code
 * scripts/bench-mapping.sh test-data/mappings/netflix-heartbeats.yaml /tmp/bench1m/in/playback.jsonl playback
 * scripts/bench-mapping.sh test-data/mappings/netflix-heartbeats.yaml /tmp/bench1m/in/playback.jsonl playback decode
 * }</pre>
 */
public final class MappingBenchmark {
  private static final int PASSES = 5;

  private MappingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: MappingBenchmark MAPPING EVENTS.jsonl SOURCE [decode]");
      System.exit(2);
    }
    Mapping mapping = Mapping.load(Path.of(args[0]));
    String source = args[2];
    boolean decodeOnly = args.length > 3 && args[3].equals("decode");
    SourceMapping sourceMapping =
        mapping.source(source).orElseThrow(() -> new IllegalArgumentException("no source " + source));
    List<byte[]> lines = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      lines.add(line.getBytes(StandardCharsets.UTF_8));
    }
    EventMapper mapper = new EventMapper(mapping);
    System.out.printf(
        "%s of %,d %s events, %d passes%n", decodeOnly ? "decoding" : "mapping", lines.size(), source, PASSES);
    long results = 0;
    for (int pass = 0; pass < PASSES; pass++) {
      long start = System.nanoTime();
      for (int i = 0; i < lines.size(); i++) {
        if (decodeOnly) {
          try {
            results += sourceMapping.decode(lines.get(i)).size();
          } catch (IllegalArgumentException malformed) {
            results--;
          }
        } else {
          results += mapper.map(RawEvent.of(source, lines.get(i), source, i + 1)).mutations().size();
        }
      }
      System.out.printf("pass %d: %.2f µs/event%n", pass + 1, (System.nanoTime() - start) / 1e3 / lines.size());
    }
    // Printed so that the work cannot be optimised away.
    System.out.println("results: " + results);
  }
}
