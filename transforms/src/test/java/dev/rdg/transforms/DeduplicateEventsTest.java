package dev.rdg.transforms;

import static dev.rdg.testing.Counters.counter;
import static dev.rdg.testing.Fixtures.ORIGIN;
import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.arriving;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.delivery;
import static dev.rdg.testing.Fixtures.eventStream;
import static dev.rdg.testing.Fixtures.stamped;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.MappedEvent;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link DeduplicateEvents}: an event is (source, event id); only its first delivery passes. */
@RunWith(JUnit4.class)
public class DeduplicateEventsTest implements Serializable {
  private static final Duration HORIZON = Duration.standardMinutes(10);
  private static final Instant STARTED = at("19:00:05");

  /** Event e1 read at line 3, with three assertions. */
  private static final MappedEvent FIRST =
      delivery("playback", "e1", ORIGIN + ":3", STARTED, PROFILE, TITLE, WATCHING);
  /** The same event read again at line 4. */
  private static final MappedEvent AGAIN =
      delivery("playback", "e1", ORIGIN + ":4", STARTED, PROFILE, TITLE, WATCHING);
  /** Another event, e2, at line 5. */
  private static final MappedEvent OTHER = delivery("playback", "e2", ORIGIN + ":5", STARTED, PROFILE);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** A redelivery is dropped whole, whichever delivery the runner sees first; one duplicate counted. */
  @Test
  public void testRedeliveryIsDroppedWholeAndCountedOnce() {
    PCollection<MappedEvent> unique =
        dedup(p.apply(Create.timestamped(stamped(List.of(FIRST, AGAIN, OTHER)))));

    PAssert.that(unique)
        .satisfies(
            output -> {
              List<MappedEvent> passed =
                  StreamSupport.stream(output.spliterator(), false).collect(Collectors.toList());
              assertEquals("events passed", 2, passed.size());
              assertThat(passed, anyOf(containsInAnyOrder(FIRST, OTHER), containsInAnyOrder(AGAIN, OTHER)));
              return null;
            });
    assertDuplicates(1);
  }

  /** The same event id in two sources names two events: both pass. */
  @Test
  public void testSameEventIdInDifferentSourcesBothPass() {
    MappedEvent games = delivery("games", "e1", "/events/games.jsonl:3", STARTED, PROFILE);

    PCollection<MappedEvent> unique = dedup(p.apply(Create.timestamped(stamped(List.of(FIRST, games)))));

    PAssert.that(unique).containsInAnyOrder(FIRST, games);
    assertDuplicates(0);
  }

  /** A redelivery that arrives after its window closed, but within the horizon, is still dropped. */
  @Test
  public void testRedeliveryWithinHorizonIsDropped() {
    PAssert.that(dedup(p.apply(arriving(List.of(FIRST), "19:15:00", List.of(AGAIN))))).containsInAnyOrder(FIRST);
    assertDuplicates(1);
  }

  /** Deliveries arriving in the other order: the one that arrives first passes, the other is counted. */
  @Test
  public void testFirstArrivalWinsWhateverItsPosition() {
    TestStream<MappedEvent> events =
        eventStream().addElements(stamped(AGAIN)).addElements(stamped(FIRST)).advanceWatermarkToInfinity();

    PAssert.that(dedup(p.apply(events))).containsInAnyOrder(AGAIN);
    assertDuplicates(1);
  }

  /** A redelivery later than the horizon allows is dropped as late, not passed. */
  @Test
  public void testRedeliveryBeyondHorizonIsDroppedAsLate() {
    PAssert.that(dedup(p.apply(arriving(List.of(FIRST), "19:25:00", List.of(AGAIN))))).containsInAnyOrder(FIRST);
    assertDuplicates(0);
  }

  /** A horizon that is missing, zero or negative is rejected, saying what was given. */
  @Test
  public void testRejectsNonPositiveHorizon() {
    for (Duration horizon : new Duration[] {null, Duration.ZERO, Duration.millis(-1)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DeduplicateEvents.within(horizon));
      assertThat(e.getMessage(), containsString("horizon must be > 0, but was " + horizon));
    }
  }

  private static PCollection<MappedEvent> dedup(PCollection<MappedEvent> events) {
    return events.apply(DeduplicateEvents.within(HORIZON));
  }

  /** Runs the pipeline and checks the duplicates counter. */
  private void assertDuplicates(long expected) {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(expected, counter(result, GraphCounters.DUPLICATES));
  }
}
