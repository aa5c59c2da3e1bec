package dev.rdg.transforms;

import static dev.rdg.testing.Counters.counter;
import static dev.rdg.testing.Fixtures.ACCOUNT;
import static dev.rdg.testing.Fixtures.ORIGIN;
import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.arrive;
import static dev.rdg.testing.Fixtures.arriving;
import static dev.rdg.testing.Fixtures.assertion;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.delivery;
import static dev.rdg.testing.Fixtures.eventStream;
import static dev.rdg.testing.Fixtures.props;
import static dev.rdg.testing.Fixtures.stamped;
import static dev.rdg.testing.Fixtures.window;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.mapping.EventMapper;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.ElementRef;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link CoalesceUpdates}: per one-minute event-time window, each element's assertions become one
 * upsert with first seen, last seen, the number of events and the latest properties.
 */
@RunWith(JUnit4.class)
public class CoalesceUpdatesTest implements Serializable {
  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final Duration ALLOWED_LATENESS = Duration.standardMinutes(5);
  private static final IntervalWindow FIRST_MINUTE = window("19:00:00", MINUTE);
  private static final IntervalWindow SECOND_MINUTE = window("19:01:00", MINUTE);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Assertions on time become one node and one edge upsert in the on-time pane, which is also final. */
  @Test
  public void testCoalesceOnTime() {
    TestStream<MappedEvent> events =
        arriving(
            List.of(
                assertion("e1", at("19:00:05"), ACCOUNT, "country", "NL", "plan", "basic"),
                heartbeat("19:00:05")),
            "19:00:30",
            List.of(assertion("e2", at("19:00:40"), ACCOUNT, "plan", "premium"), heartbeat("19:00:40")));

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    Node account =
        Node.of(
            ACCOUNT,
            Observations.of(
                props(at("19:00:05"), "country", "NL").merge(props(at("19:00:40"), "plan", "premium")),
                at("19:00:05"),
                at("19:00:40"),
                2),
            FIRST_MINUTE);
    Edge watching = edge(FIRST_MINUTE, "19:00:05", "19:00:40", 2, 40L);
    PAssert.that(graph.get(GraphTags.NODES)).inOnTimePane(FIRST_MINUTE).containsInAnyOrder(account);
    PAssert.that(graph.get(GraphTags.NODES)).inFinalPane(FIRST_MINUTE).containsInAnyOrder(account);
    PAssert.that(graph.get(GraphTags.EDGES)).inOnTimePane(FIRST_MINUTE).containsInAnyOrder(watching);
    PAssert.that(graph.get(GraphTags.EDGES)).inFinalPane(FIRST_MINUTE).containsInAnyOrder(watching);

    p.run().waitUntilFinish();
  }

  /** Heartbeats that assert one edge every ten seconds become one upsert for the minute. */
  @Test
  public void testHeartbeatsWithinWindowBecomeOneUpsert() {
    TestStream<MappedEvent> events =
        arriving(
            heartbeats("19:00:05", "19:00:15", "19:00:25"), "19:00:30", heartbeats("19:00:35", "19:00:45"));

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.EDGES))
        .inWindow(FIRST_MINUTE)
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:45", 5, 45L));
    PAssert.that(graph.get(GraphTags.NODES)).empty();

    p.run().waitUntilFinish();
  }

  /**
   * Bounded input (a backfill) is grouped once and merged, not combined: the same upserts per window, a
   * redelivery counted once and as one duplicate; each upsert stamped with its window's end, as that
   * one-sort grouping needs.
   */
  @Test
  public void testBoundedInputCoalescesTheSame() {
    MappedEvent first = delivery("playback", "e1", ORIGIN + ":3", at("19:00:05"), PROFILE, TITLE, WATCHING);
    MappedEvent again = delivery("playback", "e1", ORIGIN + ":9", at("19:00:05"), PROFILE, TITLE, WATCHING);
    MappedEvent later = delivery("playback", "e2", ORIGIN + ":5", at("19:01:35"), PROFILE);

    PCollectionTuple graph =
        p.apply(
                Create.timestamped(stamped(List.of(first, later, again)))
                    .withCoder(MappedEvent.MappedEventCoder.of()))
            .apply(CoalesceUpdates.inWindowsOf(MINUTE));

    Observations once = Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1);
    Observations laterOnce = Observations.of(Properties.empty(), at("19:01:35"), at("19:01:35"), 1);
    PAssert.that(graph.get(GraphTags.NODES))
        .containsInAnyOrder(
            Node.of(PROFILE, once, FIRST_MINUTE),
            Node.of(TITLE, once, FIRST_MINUTE),
            Node.of(PROFILE, laterOnce, SECOND_MINUTE));
    PAssert.that(graph.get(GraphTags.EDGES).apply(Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(Edge.of(WATCHING, once, FIRST_MINUTE), FIRST_MINUTE.maxTimestamp()));
    assertDuplicates(1);
  }

  /**
   * A rejected event (here unmappable) comes out as its dead letter, in the global window, and asserts
   * nothing; the events around it coalesce as if it were not there.
   */
  @Test
  public void testRejectedEventsComeOutAsDeadLetters() {
    DeadLetter malformed = truncated("{\"eventId\":", 2);
    TestStream<MappedEvent> events =
        arrive(eventStream(), List.of(heartbeat("19:00:05")))
            .addElements(TimestampedValue.of(MappedEvent.rejected(malformed), at("19:00:10")))
            .advanceWatermarkToInfinity();

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.DEAD_LETTERS))
        .inWindow(GlobalWindow.INSTANCE)
        .containsInAnyOrder(malformed);
    PAssert.that(graph.get(GraphTags.EDGES))
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:05", 1, 5L));
    PAssert.that(graph.get(GraphTags.NODES)).empty();
    assertDuplicates(0);
  }

  /**
   * On bounded input rejected events travel through the grouping with the sightings: every one comes out
   * as its dead letter, in the global window, whichever window it fell in and however many share one,
   * and the events around them coalesce as if they were not there.
   */
  @Test
  public void testRejectedEventsOnBoundedInputComeOutAsDeadLetters() {
    List<DeadLetter> rejected = new ArrayList<>();
    for (int line = 2; line <= 4; line++) {
      rejected.add(truncated("{\"eventId\":" + line, line));
    }
    List<TimestampedValue<MappedEvent>> events = new ArrayList<>(stamped(heartbeats("19:00:05", "19:00:15")));
    events.add(TimestampedValue.of(MappedEvent.rejected(rejected.get(0)), at("19:00:10")));
    events.add(TimestampedValue.of(MappedEvent.rejected(rejected.get(1)), at("19:00:20")));
    events.add(TimestampedValue.of(MappedEvent.rejected(rejected.get(2)), at("19:01:10")));

    PCollectionTuple graph =
        p.apply(Create.timestamped(events).withCoder(MappedEvent.MappedEventCoder.of()))
            .apply(CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.DEAD_LETTERS))
        .inWindow(GlobalWindow.INSTANCE)
        .containsInAnyOrder(rejected);
    PAssert.that(graph.get(GraphTags.EDGES))
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:15", 2, 15L));
    assertDuplicates(0);
  }

  /**
   * Written in the merging step ({@link CoalesceUpdates#writingTo}), bounded input leaves with the writer
   * the upserts it would hand on, each once, counted as {@code WriteGraph} counts them; rejected events
   * still come out as dead letters, and redeliveries count once.
   */
  @Test
  public void testWritingToWritesTheUpsertsInTheMergingStep() {
    DeadLetter malformed = truncated("{\"eventId\":", 2);
    List<TimestampedValue<MappedEvent>> events =
        new ArrayList<>(stamped(heartbeats("19:00:05", "19:00:15", "19:00:15", "19:01:10")));
    events.add(TimestampedValue.of(assertion("e1", at("19:00:20"), ACCOUNT, "plan", "basic"), at("19:00:20")));
    events.add(TimestampedValue.of(MappedEvent.rejected(malformed), at("19:00:30")));
    CollectingWriter writer = new CollectingWriter();

    PCollectionTuple graph =
        p.apply(Create.timestamped(events).withCoder(MappedEvent.MappedEventCoder.of()))
            .apply(CoalesceUpdates.inWindowsOf(MINUTE).writingTo(writer));

    assertEquals(List.of(GraphTags.DEAD_LETTERS), new ArrayList<>(graph.getAll().keySet()));
    PAssert.that(graph.get(GraphTags.DEAD_LETTERS)).inWindow(GlobalWindow.INSTANCE).containsInAnyOrder(malformed);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(
        writer.written(),
        containsInAnyOrder(
            edge(FIRST_MINUTE, "19:00:05", "19:00:15", 2, 15L),
            edge(SECOND_MINUTE, "19:01:10", "19:01:10", 1, 70L),
            Node.of(
                ACCOUNT,
                Observations.of(props(at("19:00:20"), "plan", "basic"), at("19:00:20"), at("19:00:20"), 1),
                FIRST_MINUTE)));
    assertEquals(1, counter(result, GraphCounters.NODE_UPSERTS));
    assertEquals(2, counter(result, GraphCounters.EDGE_UPSERTS));
    assertEquals(1, counter(result, GraphCounters.DUPLICATES));
    assertEquals(0, writer.openSessions());
  }

  /** A stream's upserts are written by {@code WriteGraph}: writing in the merging step is refused. */
  @Test
  public void testWritingToRefusesAStreamAndNoWriter() {
    p.enableAbandonedNodeEnforcement(false);
    TestStream<MappedEvent> events = arrive(eventStream(), heartbeats("19:00:05")).advanceWatermarkToInfinity();
    CoalesceUpdates writing = CoalesceUpdates.inWindowsOf(MINUTE).writingTo(new CollectingWriter());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> coalesce(events, writing));

    assertThat(e.getMessage(), containsString("writingTo is for bounded input"));
    assertThrows(IllegalArgumentException.class, () -> CoalesceUpdates.inWindowsOf(MINUTE).writingTo(null));
  }

  /**
   * Keeps what its sessions write in this JVM (the DirectRunner's workers share it), under an id of its
   * own, and how many sessions are open.
   */
  private static final class CollectingWriter implements UpsertWriter {
    private static final Map<String, Queue<Object>> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();
    private final String id = UUID.randomUUID().toString();

    CollectingWriter() {
      WRITTEN.put(id, new ConcurrentLinkedQueue<>());
      OPEN.put(id, new AtomicInteger());
    }

    @Override
    public Session open() {
      OPEN.get(id).incrementAndGet();
      return new Session() {
        @Override
        public void write(List<Node> nodes, List<Edge> edges) {
          WRITTEN.get(id).addAll(nodes);
          WRITTEN.get(id).addAll(edges);
        }

        @Override
        public void close() {
          OPEN.get(id).decrementAndGet();
        }
      };
    }

    List<Object> written() {
      return new ArrayList<>(WRITTEN.get(id));
    }

    int openSessions() {
      return OPEN.get(id).get();
    }
  }

  /**
   * A redelivered event (same source and id, read again at another line) counts once, whichever delivery
   * comes first and whether it meets the first one in memory or in the shuffle; one duplicate counted.
   */
  @Test
  public void testRedeliveryCountsOnceAndIsCountedAsDuplicate() {
    MappedEvent first = delivery("playback", "e1", ORIGIN + ":3", at("19:00:05"), PROFILE, TITLE, WATCHING);
    MappedEvent again = delivery("playback", "e1", ORIGIN + ":4", at("19:00:05"), PROFILE, TITLE, WATCHING);
    MappedEvent other = delivery("playback", "e2", ORIGIN + ":5", at("19:00:35"), PROFILE);
    TestStream<MappedEvent> events = arriving(List.of(again, other), "19:00:30", List.of(first));

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    Observations once = Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1);
    Observations twice = Observations.of(Properties.empty(), at("19:00:05"), at("19:00:35"), 2);
    PAssert.that(graph.get(GraphTags.NODES))
        .containsInAnyOrder(Node.of(PROFILE, twice, FIRST_MINUTE), Node.of(TITLE, once, FIRST_MINUTE));
    PAssert.that(graph.get(GraphTags.EDGES)).containsInAnyOrder(Edge.of(WATCHING, once, FIRST_MINUTE));
    assertDuplicates(1);
  }

  /** Two deliveries of an event in one bundle meet in the in-memory merge: counted once, one duplicate. */
  @Test
  public void testRedeliveryInOneBundleCountsOnce() {
    TestStream<MappedEvent> events =
        arrive(eventStream(), List.of(heartbeat("19:00:05"), heartbeat("19:00:05"), heartbeat("19:00:15")))
            .advanceWatermarkToInfinity();

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.EDGES))
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:15", 2, 15L));
    assertDuplicates(1);
  }

  /**
   * On bounded input the merges count redeliveries: a redelivery met in memory and one met only when the
   * element's sightings are grouped (the in-memory merge holding two elements hands on in between) each
   * count once, and an event that asserts two elements counts once, not per element.
   */
  @Test
  public void testRedeliveriesOnBoundedInputCountOncePerEvent() {
    MappedEvent both = delivery("playback", "e1", ORIGIN + ":1", at("19:00:05"), PROFILE, ACCOUNT);
    List<MappedEvent> events =
        List.of(
            both, both, heartbeat("19:00:10"), heartbeat("19:00:20"), heartbeat("19:00:30"),
            heartbeat("19:00:10"), both);
    PCollectionTuple graph =
        p.apply(Create.timestamped(stamped(events)))
            .apply(Window.into(FixedWindows.of(MINUTE)))
            .apply(ParDo.of(new CoalesceUpdates.ObserveForGroupingFn(2, 1000)))
            .setCoder(CoalesceUpdates.GROUPING_INPUT_CODER)
            .apply(GroupByKey.create())
            .apply(
                ParDo.of(new CoalesceUpdates.MergeGroupedFn(null))
                    .withOutputTags(GraphTags.DEAD_LETTERS, TupleTagList.of(GraphTags.NODES).and(GraphTags.EDGES)));

    PAssert.that(graph.get(GraphTags.EDGES))
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:10", "19:00:30", 3, 30L));
    PAssert.that(graph.get(GraphTags.NODES))
        .containsInAnyOrder(
            Node.of(PROFILE, Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1), FIRST_MINUTE),
            Node.of(ACCOUNT, Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1), FIRST_MINUTE));
    assertDuplicates(3);
  }

  /** The combine's merge obeys Beam's contract for any split of the input into accumulators. */
  @Test
  public void testMergeSightingsIsACombineFn() {
    List<Sightings> inputs = new ArrayList<>();
    for (MappedEvent event : heartbeats("19:00:05", "19:00:15", "19:00:15", "19:00:25")) {
      long key = Sightings.eventKey(event.source(), event.eventId());
      inputs.add(new Sightings().observe(event.mutations().get(0), key, true));
    }

    CombineFnTester.testCombineFn(
        new CoalesceUpdates.MergeSightingsFn(),
        inputs,
        edge(FIRST_MINUTE, "19:00:05", "19:00:25", 3, 25L).seen());
  }

  /** The same event id in two sources names two events: both count, no duplicate. */
  @Test
  public void testSameEventIdInTwoSourcesCountsTwice() {
    TestStream<MappedEvent> events =
        arrive(
                eventStream(),
                List.of(
                    delivery("playback", "e1", ORIGIN + ":3", at("19:00:05"), PROFILE),
                    delivery("games", "e1", "/events/games.jsonl:3", at("19:00:05"), PROFILE)))
            .advanceWatermarkToInfinity();

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.NODES))
        .containsInAnyOrder(
            Node.of(
                PROFILE,
                Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 2),
                FIRST_MINUTE));
    assertDuplicates(0);
  }

  /**
   * The in-memory merge, when full, hands on everything it holds, each element into its own window (not
   * the window of the event being merged): holding at most two elements, heartbeats alternating between
   * two minutes still coalesce into one exact upsert per minute.
   */
  @Test
  public void testFullMergeHandsElementsOnIntoTheirOwnWindows() {
    PCollectionTuple graph =
        // One TestStream step is one bundle on the DirectRunner: the merge fills up within it.
        p.apply(
                arrive(eventStream(), heartbeats("19:00:05", "19:01:10", "19:00:15", "19:01:20", "19:00:25"))
                    .advanceWatermarkToInfinity())
            .apply(Window.into(FixedWindows.of(MINUTE)))
            .apply(
                ParDo.of(new CoalesceUpdates.ObserveElementsFn(2, 1000))
                    .withOutputTags(CoalesceUpdates.SIGHTINGS, TupleTagList.of(CoalesceUpdates.EVENT_KEYS)))
            .get(CoalesceUpdates.SIGHTINGS)
            .setCoder(KvCoder.of(ElementRef.ElementRefCoder.of(), Sightings.SightingsCoder.of()))
            .apply(Combine.perKey(new CoalesceUpdates.MergeSightingsFn()))
            .apply(
                ParDo.of(new CoalesceUpdates.ToUpsertFn())
                    .withOutputTags(GraphTags.NODES, TupleTagList.of(GraphTags.EDGES)));

    PAssert.that(graph.get(GraphTags.EDGES))
        .inWindow(FIRST_MINUTE)
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:25", 3, 25L));
    PAssert.that(graph.get(GraphTags.EDGES))
        .inWindow(SECOND_MINUTE)
        .containsInAnyOrder(edge(SECOND_MINUTE, "19:01:10", "19:01:20", 2, 80L));

    p.run().waitUntilFinish();
  }

  /** Assertions in two minutes become two upserts, each with its own window and its own share. */
  @Test
  public void testSeparateWindowsSeparateUpserts() {
    TestStream<MappedEvent> events =
        arrive(eventStream(), heartbeats("19:00:05", "19:00:45", "19:01:10")).advanceWatermarkToInfinity();

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    Edge first = edge(FIRST_MINUTE, "19:00:05", "19:00:45", 2, 45L);
    Edge second = edge(SECOND_MINUTE, "19:01:10", "19:01:10", 1, 70L);
    PAssert.that(graph.get(GraphTags.EDGES)).inOnTimePane(FIRST_MINUTE).containsInAnyOrder(first);
    PAssert.that(graph.get(GraphTags.EDGES)).inOnTimePane(SECOND_MINUTE).containsInAnyOrder(second);
    PAssert.that(graph.get(GraphTags.EDGES)).containsInAnyOrder(first, second);

    p.run().waitUntilFinish();
  }

  /**
   * A late assertion within the allowed lateness fires a late pane that carries the whole window again
   * (panes accumulate), so a sink replacing the window's share ends with the exact count.
   */
  @Test
  public void testLateWithinLatenessRefiresWholeWindow() {
    TestStream<MappedEvent> events =
        arriving(heartbeats("19:00:20", "19:00:40"), "19:02:00", heartbeats("19:00:05"));

    PCollectionTuple graph =
        coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE).withAllowedLateness(ALLOWED_LATENESS));

    Edge onTime = edge(FIRST_MINUTE, "19:00:20", "19:00:40", 2, 40L);
    // The late event is the earliest: it moves first seen, but loses last-write-wins to 19:00:40.
    Edge late = edge(FIRST_MINUTE, "19:00:05", "19:00:40", 3, 40L);
    PAssert.that(graph.get(GraphTags.EDGES)).inOnTimePane(FIRST_MINUTE).containsInAnyOrder(onTime);
    PAssert.that(graph.get(GraphTags.EDGES)).inLatePane(FIRST_MINUTE).containsInAnyOrder(late);
    PAssert.that(graph.get(GraphTags.EDGES)).inWindow(FIRST_MINUTE).containsInAnyOrder(onTime, late);

    p.run().waitUntilFinish();
  }

  /** Assertions later than the allowed lateness are dropped: the on-time pane stays the final one. */
  @Test
  public void testDroppablyLateIsDropped() {
    TestStream<MappedEvent> events =
        arriving(
            heartbeats("19:00:20"),
            "19:01:30",
            List.of(heartbeat("19:00:10"), assertion("e9", at("19:00:50"), ACCOUNT, "plan", "basic")));

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    Edge onTime = edge(FIRST_MINUTE, "19:00:20", "19:00:20", 1, 20L);
    PAssert.that(graph.get(GraphTags.EDGES)).inWindow(FIRST_MINUTE).containsInAnyOrder(onTime);
    PAssert.that(graph.get(GraphTags.EDGES)).inFinalPane(FIRST_MINUTE).containsInAnyOrder(onTime);
    PAssert.that(graph.get(GraphTags.NODES)).empty();

    p.run().waitUntilFinish();
  }

  /** Assertions arriving out of event-time order: first and last seen and properties follow event time. */
  @Test
  public void testOutOfOrderWithinWindow() {
    TestStream<MappedEvent> events =
        arrive(
                eventStream(),
                List.of(heartbeat("19:00:40"), assertion("e40", at("19:00:40"), ACCOUNT, "plan", "premium")))
            .addElements(
                stamped(heartbeat("19:00:05")),
                stamped(assertion("e05", at("19:00:05"), ACCOUNT, "plan", "basic")))
            .addElements(stamped(heartbeat("19:00:25")))
            .advanceWatermarkToInfinity();

    PCollectionTuple graph = coalesce(events, CoalesceUpdates.inWindowsOf(MINUTE));

    PAssert.that(graph.get(GraphTags.EDGES))
        .inOnTimePane(FIRST_MINUTE)
        .containsInAnyOrder(edge(FIRST_MINUTE, "19:00:05", "19:00:40", 3, 40L));
    PAssert.that(graph.get(GraphTags.NODES))
        .inOnTimePane(FIRST_MINUTE)
        .containsInAnyOrder(
            Node.of(
                ACCOUNT,
                Observations.of(
                    props(at("19:00:40"), "plan", "premium"), at("19:00:05"), at("19:00:40"), 2),
                FIRST_MINUTE));

    p.run().waitUntilFinish();
  }

  /** A window that is missing, zero or negative is rejected, saying what was given. */
  @Test
  public void testRejectsNonPositiveWindow() {
    for (Duration size : new Duration[] {null, Duration.ZERO, Duration.standardMinutes(-1)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CoalesceUpdates.inWindowsOf(size));
      assertThat(e.getMessage(), containsString("window must be > 0, but was " + size));
    }
  }

  /** An allowed lateness that is missing or negative is rejected; zero is allowed. */
  @Test
  public void testRejectsNegativeAllowedLateness() {
    CoalesceUpdates coalesce = CoalesceUpdates.inWindowsOf(MINUTE);
    coalesce.withAllowedLateness(Duration.ZERO);
    for (Duration lateness : new Duration[] {null, Duration.millis(-1)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> coalesce.withAllowedLateness(lateness));
      assertThat(e.getMessage(), containsString("allowedLateness must be >= 0, but was " + lateness));
    }
  }

  /** An early-firing period must be positive. */
  @Test
  public void testEarlyFiringMustBePositive() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> CoalesceUpdates.inWindowsOf(MINUTE).withEarlyFiring(Duration.ZERO))
            .getMessage(),
        containsString("earlyFiring must be > 0, but was PT0S"));
  }

  private PCollectionTuple coalesce(TestStream<MappedEvent> events, CoalesceUpdates transform) {
    return p.apply(events).apply(transform);
  }

  /** Runs the pipeline and checks the duplicates counter. */
  private void assertDuplicates(long expected) {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(expected, counter(result, GraphCounters.DUPLICATES));
  }

  /** The dead letter of a playback line cut short: {@code text} at {@code line}. */
  private static DeadLetter truncated(String text, long line) {
    return DeadLetter.of(
        RawEvent.of("playback", text.getBytes(StandardCharsets.UTF_8), ORIGIN, line),
        EventMapper.STAGE_DECODE,
        EventMapper.MALFORMED_JSON + ": truncated");
  }

  /** Heartbeats at the given times. */
  private static List<MappedEvent> heartbeats(String... times) {
    return Arrays.stream(times).map(CoalesceUpdatesTest::heartbeat).collect(Collectors.toList());
  }

  /** A playback heartbeat at {@code hh:mm:ss}: the watching edge, at the position it has reached then. */
  private static MappedEvent heartbeat(String time) {
    Instant at = at(time);
    return assertion("hb-" + time, at, WATCHING, "positionSec", positionAt(at));
  }

  /** The watching edge's upsert: first and last seen, count, and the position of the last heartbeat. */
  private static Edge edge(IntervalWindow window, String first, String last, long count, long position) {
    Properties latest = props(at(last), "positionSec", position);
    return Edge.of(WATCHING, Observations.of(latest, at(first), at(last), count), window);
  }

  /** Seconds since 19:00:00: the position a heartbeat reports. */
  private static long positionAt(Instant time) {
    return (time.getMillis() - at("19:00:00").getMillis()) / 1000;
  }
}
