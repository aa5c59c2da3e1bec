package dev.rdg.pipelines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.GraphJson;
import dev.rdg.model.RawEvent;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The dead-letter files of a stream ({@link IngestPipeline#writeDeadLetters}). */
@RunWith(JUnit4.class)
public class DeadLetterFilesTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /**
   * A dead letter far behind the watermark (a too-late event keeps its event time) reaches the files like
   * one on time: dead letters are filed by the minute they arrive, not by their own time.
   */
  @Test
  public void testStreamFilesDeadLettersBehindTheWatermark() throws IOException {
    Instant start = Instant.parse("2026-03-01T19:00:00Z");
    DeadLetter malformed = deadLetter(1, "decode", "malformed JSON: truncated");
    DeadLetter tooLate = deadLetter(2, "window", "too late: an hour behind the watermark");
    TestStream<DeadLetter> letters =
        TestStream.create(DeadLetter.DeadLetterCoder.of())
            .addElements(TimestampedValue.of(malformed, start))
            .advanceWatermarkTo(start.plus(Duration.standardHours(1)))
            .addElements(TimestampedValue.of(tooLate, start.plus(Duration.standardSeconds(30))))
            .advanceWatermarkToInfinity();

    IngestPipeline.writeDeadLetters(p.apply(letters), tmp.getRoot().toPath().resolve("dead").toString());
    p.run().waitUntilFinish();

    assertThat(
        linesOf(tmp.getRoot().toPath()),
        containsInAnyOrder(GraphJson.line(malformed), GraphJson.line(tooLate)));
  }

  private static DeadLetter deadLetter(long offset, String stage, String reason) {
    RawEvent event = RawEvent.of("playback", "{\"eventId\":".getBytes(UTF_8), "playback/0", offset);
    return DeadLetter.of(event, stage, reason);
  }

  private static List<String> linesOf(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("dead"))
          .flatMap(
              file -> {
                try {
                  return Files.readAllLines(file).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .collect(Collectors.toList());
    }
  }
}
