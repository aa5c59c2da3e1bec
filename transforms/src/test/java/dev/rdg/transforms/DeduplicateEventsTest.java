package dev.rdg.transforms;

import static dev.rdg.testing.Counters.counter;
import static dev.rdg.testing.Fixtures.ORIGIN;
import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.arriving;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.mutationStream;
import static dev.rdg.testing.Fixtures.delivery;
import static dev.rdg.testing.Fixtures.stamped;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.GraphMutation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
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
  private static final List<GraphMutation> FIRST =
      delivery("playback", "e1", ORIGIN + ":3", STARTED, PROFILE, TITLE, WATCHING);
  /** The same event read again at line 4. */
  private static final List<GraphMutation> AGAIN =
      delivery("playback", "e1", ORIGIN + ":4", STARTED, PROFILE, TITLE, WATCHING);
  /** Another event, e2, at line 5. */
  private static final List<GraphMutation> OTHER =
      delivery("playback", "e2", ORIGIN + ":5", STARTED, PROFILE);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** A redelivery loses all its assertions, whichever delivery the runner sees first; one duplicate. */
  @Test
  public void testRedeliveryDropsAllItsAssertionsAndCountsOneDuplicate() {
    List<GraphMutation> input = concat(FIRST, AGAIN, OTHER);
    HashSet<String> keptFirst = deliveries(concat(FIRST, OTHER));
    HashSet<String> keptAgain = deliveries(concat(AGAIN, OTHER));

    PCollection<GraphMutation> unique = dedup(p.apply(Create.timestamped(stamped(input))));

    PAssert.that(unique)
        .satisfies(
            output -> {
              List<GraphMutation> passed =
                  StreamSupport.stream(output.spliterator(), false).collect(Collectors.toList());
              assertEquals("assertions passed", 4, passed.size());
              assertThat(deliveries(passed), anyOf(equalTo(keptFirst), equalTo(keptAgain)));
              return null;
            });
    assertDuplicates(1);
  }

  /** The same event id in two sources names two events: both pass. */
  @Test
  public void testSameEventIdInDifferentSourcesBothPass() {
    List<GraphMutation> games = delivery("games", "e1", "/events/games.jsonl:3", STARTED, PROFILE);

    PCollection<GraphMutation> unique =
        dedup(p.apply(Create.timestamped(stamped(concat(FIRST, games)))));

    PAssert.that(unique).containsInAnyOrder(concat(FIRST, games));
    assertDuplicates(0);
  }

  /** A redelivery that arrives after its window closed, but within the horizon, is still dropped. */
  @Test
  public void testRedeliveryWithinHorizonIsDropped() {
    PAssert.that(dedup(p.apply(arriving(FIRST, "19:15:00", AGAIN)))).containsInAnyOrder(FIRST);
    assertDuplicates(1);
  }

  /**
   * Assertions of two deliveries arriving interleaved: the delivery whose assertion came first passes
   * whole, the other not at all, counted once.
   */
  @Test
  public void testOutOfOrderDeliveriesKeepExactlyOneDelivery() {
    TestStream<GraphMutation> events =
        mutationStream()
            .addElements(stamped(AGAIN.get(2)))
            .addElements(stamped(FIRST.get(0)))
            .addElements(stamped(FIRST.get(1)))
            .addElements(stamped(AGAIN.get(0)))
            .addElements(stamped(FIRST.get(2)))
            .addElements(stamped(AGAIN.get(1)))
            .advanceWatermarkToInfinity();

    PAssert.that(dedup(p.apply(events))).containsInAnyOrder(AGAIN);
    assertDuplicates(1);
  }

  /** A redelivery later than the horizon allows is dropped as late, not passed. */
  @Test
  public void testRedeliveryBeyondHorizonIsDroppedAsLate() {
    PAssert.that(dedup(p.apply(arriving(FIRST, "19:25:00", AGAIN)))).containsInAnyOrder(FIRST);
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

  private static PCollection<GraphMutation> dedup(PCollection<GraphMutation> mutations) {
    return mutations.apply(DeduplicateEvents.within(HORIZON));
  }

  /** Runs the pipeline and checks the duplicates counter. */
  private void assertDuplicates(long expected) {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(expected, counter(result, GraphCounters.DUPLICATES));
  }

  /** Each assertion named by its delivery and ordinal. */
  private static HashSet<String> deliveries(List<GraphMutation> mutations) {
    return mutations.stream()
        .map(m -> m.position() + "#" + m.ordinal())
        .collect(Collectors.toCollection(HashSet::new));
  }

  @SafeVarargs
  private static List<GraphMutation> concat(List<GraphMutation>... lists) {
    List<GraphMutation> all = new ArrayList<>();
    for (List<GraphMutation> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
