package dev.rdg.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Netflix sample ingested once per test JVM with {@code rdg ingest} (DirectRunner) into an embedded
 * store, for the tests that query it: the CLI's, the HTTP API's and the browser's.
 */
public final class IngestedNetflix {
  private static Path store;

  private IngestedNetflix() {}

  /** The store's folder; ingests the sample on first use and deletes it when the JVM exits. */
  public static synchronized Path store() {
    if (store == null) {
      try {
        Path work = Files.createTempDirectory("rdg-netflix-");
        NetflixSample.ingest(work, work.resolve("store"), "--runner=DirectRunner");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(work)));
        store = work.resolve("store");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return store;
  }

  /** The sink URI of {@link #store()}. */
  public static String sink() {
    return "embedded:" + store();
  }

  /** The line of {@code test-data/expected/netflix.jsonl} that starts with {@code prefix}. */
  public static String expectedLine(String prefix) throws IOException {
    return Files.readAllLines(NetflixSample.EXPECTED_EXPORT, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temporary folder
    }
  }
}
