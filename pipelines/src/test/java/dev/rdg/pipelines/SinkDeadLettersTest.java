package dev.rdg.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.RawEvent;
import dev.rdg.sinks.RefusingSink;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The upserts a sink refuses join the events that could not be mapped in the ingest pipeline's dead
 * letters ({@link IngestPipeline#buildGraph}), on an unbounded stream with early and late firings, whose
 * windows and triggers differ from the events' dead letters.
 */
@RunWith(JUnit4.class)
public class SinkDeadLettersTest implements Serializable {
  private static final Instant T0 = Instant.parse("2026-03-01T19:00:00Z");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** A malformed event and a node the sink refuses are both dead letters; the rest is written. */
  @Test
  public void testRefusedUpsertJoinsTheDeadLetters() {
    RefusingSink.WRITTEN.clear();
    TestStream<RawEvent> events =
        TestStream.create(RawEvent.RawEventCoder.of())
            .advanceWatermarkTo(T0)
            .addElements(watch("e1", 5, "p1", 1), watch("e2", 10, "refuse-p2", 2))
            .addElements(TimestampedValue.of(event("not json", 3), T0.plus(Duration.standardSeconds(12))))
            .advanceWatermarkToInfinity();
    IngestConfig config =
        IngestConfig.of(
            mapping(), List.of(), null, new RefusingSink(), Duration.standardMinutes(1),
            Duration.standardMinutes(2), Duration.standardSeconds(10), "unused",
            null);

    PCollection<String> deadLetters =
        IngestPipeline.buildGraph(p.apply(events), config, config.sink())
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((DeadLetter d) -> d.stage() + " " + d.origin() + " " + d.reason()));

    PAssert.that(deadLetters)
        .containsInAnyOrder(
            "decode stream malformed JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')",
            "sink refusing: IllegalArgumentException: refused profile refuse-p2");
    p.run().waitUntilFinish();
    assertThat(
        "the rest is written", RefusingSink.WRITTEN, hasItem(startsWith("Node{ref=profile:p1,")));
    assertThat(RefusingSink.WRITTEN, hasItem(startsWith("Edge{ref=profile:p1 -watched-> title:t1,")));
    assertThat(RefusingSink.WRITTEN, not(hasItem(startsWith("Node{ref=profile:refuse-p2,"))));
  }

  private static TimestampedValue<RawEvent> watch(String eventId, int second, String profile, long line) {
    Instant at = T0.plus(Duration.standardSeconds(second));
    String payload =
        "{\"eventId\":\"" + eventId + "\",\"ts\":\"" + at + "\",\"profile\":\"" + profile + "\",\"title\":\"t1\"}";
    return TimestampedValue.of(event(payload, line), at);
  }

  private static RawEvent event(String payload, long line) {
    return RawEvent.of("watch", payload.getBytes(StandardCharsets.UTF_8), "stream", line);
  }

  private static Mapping mapping() {
    try {
      return Mapping.load(Path.of(SinkDeadLettersTest.class.getResource("scenarios.yaml").toURI()));
    } catch (URISyntaxException | Mapping.MappingException e) {
      throw new IllegalStateException("the scenarios' mapping must load", e);
    }
  }
}
