package dev.rdg.transforms;

import static dev.rdg.testing.Counters.counter;
import static dev.rdg.testing.Fixtures.GAME;
import static dev.rdg.testing.Fixtures.LOGIN;
import static dev.rdg.testing.Fixtures.ORIGIN;
import static dev.rdg.testing.Fixtures.PLAYBACK;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.event;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import dev.rdg.mapping.EventMapper;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.RawEvent;
import dev.rdg.testing.Fixtures;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link NormalizeEvents}: assertions and dead letters, event timestamps and counters. */
@RunWith(JUnit4.class)
public class NormalizeEventsTest implements Serializable {
  /** Two mappable events, one malformed, one of an unknown source, one missing its title. */
  private static final List<RawEvent> EVENTS =
      List.of(
          event("playback", PLAYBACK, 1),
          event("playback", "{\"eventId\":\"e2\",", 2),
          event("sessions", LOGIN, 3),
          event("billing", PLAYBACK, 4),
          event("playback", PLAYBACK.replace("\"e1\"", "\"e5\"").replace("\"titleId\"", "\"x\""), 5));

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Mapped events carry their assertions, unmappable ones their dead letter with its reason. */
  @Test
  public void testMappedAndRejectedEvents() {
    PCollection<MappedEvent> normalized = normalize(EVENTS);

    PAssert.that(described(normalized))
        .containsInAnyOrder(
            "1 profile:a1/0",
            "1 title:tt:0042|a",
            "1 account:a1",
            "1 account:a1 -has_profile-> profile:a1/0",
            "1 profile:a1/0 -started_watching-> title:tt:0042|a",
            "3 account:a1",
            "3 device:d-phone",
            "5 profile:a1/0",
            "5 account:a1",
            "5 account:a1 -has_profile-> profile:a1/0");
    PAssert.that(deadLetters(normalized))
        .containsInAnyOrder(
            "playback " + ORIGIN + ":2 " + EventMapper.MALFORMED_JSON + " {\"eventId\":\"e2\",",
            "billing " + ORIGIN + ":4 " + EventMapper.UNKNOWN_SOURCE + " " + PLAYBACK);

    p.run().waitUntilFinish();
  }

  /** Each mapped event is timestamped with its event's time, so windows downstream are event-time windows. */
  @Test
  public void testEventsAreTimestampedWithEventTime() {
    PCollection<String> stamps =
        normalize(EVENTS.subList(0, 3))
            .apply(Filter.by((MappedEvent event) -> !event.isRejected()))
            .apply(ParDo.of(new TimestampFn()));

    String login = "s-1@" + at("19:00:00");
    String playback = "e1@" + at("19:00:05");
    PAssert.that(stamps).containsInAnyOrder(playback, login);

    p.run().waitUntilFinish();
  }

  /** Every event read is counted mapped or dead-lettered; skipped patterns are counted too. */
  @Test
  public void testCountersAddUp() {
    normalize(EVENTS);

    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(5, counter(result, GraphCounters.READ));
    assertEquals(3, counter(result, GraphCounters.MAPPED));
    assertEquals(0, counter(result, GraphCounters.FILTERED));
    assertEquals(2, counter(result, GraphCounters.DEAD_LETTERED));
    assertEquals(2, counter(result, GraphCounters.SKIPPED_PATTERNS));
    assertEquals(
        counter(result, GraphCounters.READ),
        counter(result, GraphCounters.MAPPED)
            + counter(result, GraphCounters.FILTERED)
            + counter(result, GraphCounters.DEAD_LETTERED));
  }

  /** An event time no window can hold is a dead letter; the other events still pass and the job finishes. */
  @Test
  public void testEventTimeOutOfRangeIsDeadLettered() {
    String farFuture = GAME.replace(String.valueOf(at("21:00:30").getMillis() / 1000), "1e300");

    PCollection<MappedEvent> normalized =
        normalize(List.of(event("games", farFuture, 1), event("games", GAME, 2)));

    PAssert.that(described(normalized)).containsInAnyOrder("2 game:g:7");
    PAssert.that(deadLetters(normalized))
        .containsInAnyOrder("games " + ORIGIN + ":1 " + EventMapper.BAD_EVENT_TIME + " " + farFuture);

    p.run().waitUntilFinish();
  }

  /**
   * An event with an unpaired surrogate in an id or its event id is a dead letter saying so, not an element
   * whose id UTF-8 encoding changes; an event with a surrogate pair (an emoji) in an id maps.
   */
  @Test
  public void testUnpairedSurrogatesAreDeadLetteredAndPairsMap() {
    PCollection<MappedEvent> normalized =
        normalize(
            List.of(
                event("playback", PLAYBACK.replace("tt:0042|a", "tt\\ud800"), 1),
                event("sessions", LOGIN.replace("\"s-1\"", "\"s\\udc00\""), 2),
                event("sessions", LOGIN.replace("d-phone", "d-\\ud83d\\udcf1"), 3)));

    PAssert.that(described(normalized)).containsInAnyOrder("3 account:a1", "3 device:d-📱");
    PAssert.that(reasons(normalized))
        .containsInAnyOrder(
            EventMapper.BAD_VALUE + ": field 'titleId' has an unpaired surrogate",
            EventMapper.MISSING_EVENT_ID + ": field 'session.id' has an unpaired surrogate");

    p.run().waitUntilFinish();
  }

  /**
   * Mapped events take their payload's time whatever the input's timestamp: Beam's lower bound (input
   * minus the allowed skew) reaches the earliest timestamp from inputs at either end of time, without
   * overflowing (an overflow cost an exception per event).
   */
  @Test
  public void testAllowedSkewReachesTheEarliestTimestampWithoutOverflow() {
    for (Instant input : List.of(BoundedWindow.TIMESTAMP_MIN_VALUE, new Instant(0), BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      Instant lowerBound = input.minus(NormalizeEvents.ANY_VALID_TIMESTAMP);
      assertFalse(input + " - skew = " + lowerBound, BoundedWindow.TIMESTAMP_MIN_VALUE.isBefore(lowerBound));
    }
  }

  /** A missing mapping is rejected when the transform is built. */
  @Test
  public void testRejectsMissingMapping() {
    assertThrows(IllegalArgumentException.class, () -> NormalizeEvents.with(null));
  }

  private PCollection<MappedEvent> normalize(List<RawEvent> events) {
    return p.apply(Create.of(events)).apply(NormalizeEvents.with(Fixtures.mapping()));
  }

  /** Each assertion as {@code "line element"}; rejected events have none. */
  private static PCollection<String> described(PCollection<MappedEvent> events) {
    return events.apply(
        "DescribeMutations",
        FlatMapElements.into(TypeDescriptors.strings())
            .via(
                (MappedEvent e) ->
                    e.mutations().stream()
                        .map(
                            m ->
                                m.position().substring(ORIGIN.length() + 1)
                                    + " "
                                    + (m.node() != null ? m.node() : m.edge()))
                        .collect(Collectors.toList())));
  }

  /** Each dead letter as {@code "source origin:offset kind payload"}, the kind being the reason's start. */
  private static PCollection<String> deadLetters(PCollection<MappedEvent> normalized) {
    return normalized
        .apply(Filter.by(MappedEvent::isRejected))
        .apply(
            "DescribeDeadLetters",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (MappedEvent rejected) -> {
                      DeadLetter d = rejected.deadLetter();
                      return d.source() + " " + d.origin() + ":" + d.offset() + " "
                          + d.reason().substring(0, d.reason().indexOf(':')) + " " + d.payload();
                    }));
  }

  /** The reason of each dead letter. */
  private static PCollection<String> reasons(PCollection<MappedEvent> normalized) {
    return normalized
        .apply("Rejected", Filter.by(MappedEvent::isRejected))
        .apply(
            "Reasons",
            MapElements.into(TypeDescriptors.strings()).via((MappedEvent rejected) -> rejected.deadLetter().reason()));
  }

  /** Each event as {@code "eventId@timestamp"}, the timestamp the element carries. */
  private static final class TimestampFn extends DoFn<MappedEvent, String> {
    @ProcessElement
    public void processElement(
        @Element MappedEvent event, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      out.output(event.eventId() + "@" + timestamp);
    }
  }
}
