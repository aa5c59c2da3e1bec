package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Netflix sample of {@code test-data/}: runs {@code rdg ingest} and {@code rdg export} on it the way a
 * user does, and compares the results with the expected files worked out by hand.
 */
final class NetflixSample {
  static final Path TEST_DATA = Path.of("..", "test-data").toAbsolutePath().normalize();
  static final Path MAPPING = TEST_DATA.resolve("mappings/netflix.yaml");
  static final String INPUT = TEST_DATA.resolve("events/netflix") + "/*.jsonl";
  static final Path EXPECTED_EXPORT = TEST_DATA.resolve("expected/netflix.jsonl");
  static final Path EXPECTED_DEAD_LETTERS = TEST_DATA.resolve("expected/netflix-deadletters.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private NetflixSample() {}

  /** Runs {@code rdg ingest} of the sample into {@code store}; asserts exit code 0. */
  static void ingest(Path work, Path store, String... extraArgs) {
    ingestInto(MAPPING, INPUT, work, "embedded:" + store, extraArgs);
  }

  /** Runs {@code rdg ingest} of any mapping and input into {@code store}; asserts exit code 0. */
  static void ingest(Path mapping, String input, Path work, Path store, String... extraArgs) {
    ingestInto(mapping, input, work, "embedded:" + store, extraArgs);
  }

  /** Runs {@code rdg ingest} of the sample into the sink {@code sinkUri}; asserts exit code 0. */
  static void ingestInto(Path work, String sinkUri, String... extraArgs) {
    ingestInto(MAPPING, INPUT, work, sinkUri, extraArgs);
  }

  /** Runs {@code rdg ingest} of any mapping and input into the sink {@code sinkUri}; asserts exit code 0. */
  static void ingestInto(Path mapping, String input, Path work, String sinkUri, String... extraArgs) {
    String[] args = {
      "ingest",
      "--mapping=" + mapping,
      "--input=" + input,
      "--sink=" + sinkUri,
      "--deadLetter=" + work.resolve("deadletters.jsonl"),
      "--summary=" + work.resolve("summary.json"),
      "--progressSeconds=0"
    };
    String[] all = new String[args.length + extraArgs.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extraArgs, 0, all, args.length, extraArgs.length);
    assertThat("rdg ingest exit code", Rdg.execute(all), equalTo(0));
  }

  /** Runs {@code rdg export} of {@code store} and returns the exported bytes as text. */
  static String export(Path work, Path store) throws IOException {
    return export(work, "embedded:" + store);
  }

  /** Runs {@code rdg export} of the sink {@code uri} and returns the exported bytes as text. */
  static String export(Path work, String uri) throws IOException {
    Path out = work.resolve("export-" + System.nanoTime() + ".jsonl");
    int exit = Rdg.execute("export", "--sink=" + uri, "--format=jsonl", "--output=" + out);
    assertThat("rdg export exit code", exit, equalTo(0));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  static String expectedExport() throws IOException {
    return Files.readString(EXPECTED_EXPORT, StandardCharsets.UTF_8);
  }

  static JsonNode summary(Path work) throws IOException {
    return JSON.readTree(work.resolve("summary.json").toFile());
  }

  /** Dead letters reduced to the expected file's shape: source, file name, line, reason kind; sorted. */
  static List<String> deadLetters(Path work) throws IOException {
    return Files.readAllLines(work.resolve("deadletters.jsonl")).stream()
        .map(NetflixSample::parse)
        .map(
            dl ->
                String.join(
                    " ",
                    dl.get("source").asText(),
                    Path.of(dl.get("origin").asText()).getFileName().toString(),
                    dl.get("offset").asText(),
                    dl.get("reason").asText().split(":", 2)[0]))
        .sorted()
        .collect(Collectors.toList());
  }

  static List<String> expectedDeadLetters() throws IOException {
    return expectedDeadLetters(EXPECTED_DEAD_LETTERS);
  }

  /** An expected dead-letter file ({@code {"source","file","line","reason"}} lines) in the shape of {@link #deadLetters}. */
  static List<String> expectedDeadLetters(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(line -> !line.isBlank())
        .map(NetflixSample::parse)
        .map(
            dl ->
                String.join(
                    " ",
                    dl.get("source").asText(),
                    dl.get("file").asText(),
                    dl.get("line").asText(),
                    dl.get("reason").asText()))
        .sorted()
        .collect(Collectors.toList());
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
