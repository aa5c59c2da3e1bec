package dev.rdg.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assume.assumeTrue;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphJson;
import dev.rdg.model.GraphTags;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.WriteGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import dev.rdg.transforms.GraphCounters;
import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The event-time scenarios of the ingest graph, one per test, named as Beam's {@code LeaderBoardTest} names
 * them: raw events scripted with {@code TestStream} go through {@link IngestPipeline#coalescedGraph} and
 * {@link WriteGraph} into an embedded store. Each test asserts the edge upserts per pane and the exported
 * graph (and, where they apply, the {@code late} and {@code duplicates} counters and the dead letters).
 *
 * <p>Panes are asserted with {@code inOnTimePane}, {@code inEarlyPane}, {@code inLatePane} and, for all the
 * panes of a window, {@code inWindow}. {@code inFinalPane} does not apply here: with late firings the runner
 * closes a window at its garbage-collection time without firing again when nothing came after the last
 * pane, so no pane of these pipelines is marked last unless the watermark reaches the end of the window and
 * its garbage-collection time in one step (as {@code CoalesceUpdatesTest} scripts it).
 *
 * <p>The watched edge {@code profile p1 -watched-> title t1} has windows of one minute from 19:00.
 * Runs on Flink too: {@code mvn -pl pipelines -am verify -Dtest=EventTimeScenariosTest -DskipITs
 * -DbeamTestPipelineOptions='["--runner=FlinkRunner","--streaming","--maxBundleSize=1"]'} (bundles of one,
 * so scripted watermarks are not overtaken by the elements after them); the scenario that advances
 * {@code TestStream}'s processing time, and the four that need the scripted watermark exactly
 * ({@link #SCRIPTED_LATENESS}), run on the DirectRunner only.
 */
@RunWith(JUnit4.class)
public class EventTimeScenariosTest implements Serializable {
  /**
   * Why the four scenarios that script an event as (too) late run on the DirectRunner only: on Flink the scripted
   * watermark can reach the graph's steps after the events that follow it (TestStream and bundling), so
   * the event is judged less late than scripted: counted in its window's on-time pane, or counted once but
   * not dead-lettered, instead of in the pane the test expects.
   */
  private static final String SCRIPTED_LATENESS = "relies on the scripted watermark arriving before later events";

  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final IntervalWindow FIRST_MINUTE = new IntervalWindow(at("19:00:00"), MINUTE);
  private static final IntervalWindow SECOND_MINUTE = new IntervalWindow(at("19:01:00"), MINUTE);
  private static final EdgeRef WATCHED =
      EdgeRef.of("watched", NodeRef.of("profile", "p1"), NodeRef.of("title", "t1"));

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** Events on time: one on-time pane, which is also the final one, and the export counts both events. */
  @Test
  public void testOnTime() throws IOException {
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1), watch("e2", "19:00:40", 2))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.ZERO, null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:40", 2)));
  }

  /** An early pane after 10 s of processing time shows the edge; the on-time pane replaces its share. */
  @Test
  public void testEarlyPaneThenOnTimePane() throws IOException {
    assumeDirectRunner("advances TestStream's processing time");
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1))
            .advanceProcessingTime(Duration.standardSeconds(11))
            .addElements(watch("e2", "19:00:20", 2))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.ZERO, Duration.standardSeconds(10));

    PAssert.that(run.edges).inEarlyPane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1", "p1->t1 x2");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:20", 2)));
  }

  /** A late event within the allowed lateness: a late pane carries the whole window and replaces its share. */
  @Test
  public void testLateWithinLateness() throws IOException {
    assumeDirectRunner(SCRIPTED_LATENESS);
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1), watch("e2", "19:00:30", 2))
            .advanceWatermarkTo(at("19:01:30"))
            .addElements(watch("e3", "19:00:50", 3))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.standardMinutes(2), null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).inLatePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x3");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2", "p1->t1 x3");
    PAssert.that(run.deadLetters).empty();
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:50", 3)));
    assertThat(run.counter(GraphCounters.LATE), equalTo(0L));
  }

  /**
   * An event beyond the allowed lateness is not dropped silently: counted as late and dead-lettered; an
   * unmappable event in the same stream goes through the lateness check untouched, as its dead letter.
   */
  @Test
  public void testLateBeyondLateness() throws IOException {
    assumeDirectRunner(SCRIPTED_LATENESS);
    String noId = "{\"ts\":\"2026-03-01T19:04:10Z\",\"profile\":\"p1\",\"title\":\"t1\"}";
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1))
            .advanceWatermarkTo(at("19:04:00"))
            .addElements(watch("e2", "19:00:30", 2))
            .addElements(
                TimestampedValue.of(
                    RawEvent.of("watch", noId.getBytes(StandardCharsets.UTF_8), "stream", 3), at("19:04:10")))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.standardMinutes(2), null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.deadLetters)
        .containsInAnyOrder(
            "2 too late: event time 2026-03-01T19:00:30.000Z arrived at least PT150S behind the watermark"
                + " (2026-03-01T19:03:00.000Z), beyond its window's allowed lateness",
            "3 missing event id: field 'eventId' is absent or empty");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:05", 1)));
    assertThat(run.counter(GraphCounters.LATE), equalTo(1L));
  }

  /** Events out of order across two windows: each window's pane counts its own, the export all four. */
  @Test
  public void testOutOfOrderAcrossWindows() throws IOException {
    TestStream<RawEvent> events =
        stream()
            .addElements(
                watch("e1", "19:01:10", 1),
                watch("e2", "19:00:20", 2),
                watch("e3", "19:01:50", 3),
                watch("e4", "19:00:40", 4))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.ZERO, null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).inOnTimePane(SECOND_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).containsInAnyOrder("p1->t1 x2", "p1->t1 x2");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:20", "19:01:50", 4)));
  }

  /** A redelivery changes nothing and is counted as a duplicate. */
  @Test
  public void testRedeliveryChangesNothing() throws IOException {
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1))
            .advanceWatermarkTo(at("19:00:30"))
            .addElements(watch("e1", "19:00:05", 7))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.ZERO, null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:05", 1)));
    assertThat(run.counter(GraphCounters.DUPLICATES), equalTo(1L));
  }

  /**
   * A redelivery after its window fired, within the allowed lateness, refires the window with the same
   * count (the late pane replaces the on-time one in the sink) and is counted as a duplicate once.
   */
  @Test
  public void testLateRedeliveryRefiresTheSameCount() throws IOException {
    assumeDirectRunner(SCRIPTED_LATENESS);
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1), watch("e2", "19:00:20", 2))
            .advanceWatermarkTo(at("19:05:00"))
            .addElements(watch("e1", "19:00:05", 9))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.standardMinutes(10), null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x2", "p1->t1 x2");
    PAssert.that(run.deadLetters).empty();
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:20", 2)));
    assertThat(run.counter(GraphCounters.DUPLICATES), equalTo(1L));
  }

  /**
   * A redelivery after its window's allowed lateness is diverted as too late: reported, never counted
   * twice, and not counted as a duplicate (its window's event keys are gone).
   */
  @Test
  public void testRedeliveryAfterLatenessIsTooLate() throws IOException {
    assumeDirectRunner(SCRIPTED_LATENESS);
    TestStream<RawEvent> events =
        stream().addElements(watch("e1", "19:00:05", 1))
            .advanceWatermarkTo(at("19:05:00"))
            .addElements(watch("e1", "19:00:05", 9))
            .advanceWatermarkToInfinity();

    Scenario run = run(events, Duration.standardMinutes(2), null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.deadLetters)
        .containsInAnyOrder(
            "9 too late: event time 2026-03-01T19:00:05.000Z arrived at least PT175S behind the watermark"
                + " (2026-03-01T19:03:00.000Z), beyond its window's allowed lateness");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:05", 1)));
    assertThat(run.counter(GraphCounters.DUPLICATES), equalTo(0L));
    assertThat(run.counter(GraphCounters.LATE), equalTo(1L));
  }

  /**
   * A source with no events (the login source: an empty bounded input, as an empty file is) does not stall
   * the graph: the watermark follows the watch stream, so its window closes before the stream ends and an
   * event for it arriving after that is too late.
   */
  @Test
  public void testIdleSource() throws IOException {
    assumeDirectRunner(SCRIPTED_LATENESS);
    TestStream<RawEvent> watching =
        stream().addElements(watch("e1", "19:00:05", 1))
            .advanceWatermarkTo(at("19:01:30"))
            .addElements(watch("e2", "19:00:50", 2))
            .advanceWatermarkToInfinity();
    PCollection<RawEvent> events =
        PCollectionList.of(p.apply("Watch", watching))
            .and(p.apply("IdleLogin", Create.empty(RawEvent.RawEventCoder.of())))
            .apply(Flatten.pCollections());

    Scenario run = new Scenario(events, Duration.ZERO, null);

    PAssert.that(run.edges).inOnTimePane(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.edges).inWindow(FIRST_MINUTE).containsInAnyOrder("p1->t1 x1");
    PAssert.that(run.deadLetters)
        .containsInAnyOrder(
            "2 too late: event time 2026-03-01T19:00:50.000Z arrived at least PT10S behind the watermark"
                + " (2026-03-01T19:01:00.000Z), beyond its window's allowed lateness");
    run.finish();
    assertThat(run.export(), equalTo(watched("19:00:05", "19:00:05", 1)));
  }

  /** One scenario's pipeline: the graph's edge panes, its dead letters, its store and its result. */
  private final class Scenario {
    final PCollection<String> edges;
    final PCollection<String> deadLetters;
    final Path store;
    private PipelineResult result;

    Scenario(
        PCollection<RawEvent> events,
        Duration allowedLateness,
        @Nullable Duration earlyFiring)
        throws IOException {
      store = tmp.newFolder("store").toPath();
      EmbeddedGraphSink sink = EmbeddedGraphSink.at(store);
      IngestConfig config =
          IngestConfig.of(
              mapping(), List.of(), null, sink, MINUTE, allowedLateness, earlyFiring, "unused",
              null);
      PCollectionTuple graph = IngestPipeline.coalescedGraph(events, config);
      graph.apply(WriteGraph.to(sink));
      edges =
          graph
              .get(GraphTags.EDGES)
              .apply(
                  "EdgeSummaries",
                  MapElements.into(TypeDescriptors.strings())
                      .via(
                          (Edge e) ->
                              e.ref().src().id() + "->" + e.ref().dst().id() + " x" + e.seen().count()));
      deadLetters =
          graph
              .get(GraphTags.DEAD_LETTERS)
              .apply(
                  "DeadLetterReasons",
                  MapElements.into(TypeDescriptors.strings())
                      .via((DeadLetter d) -> d.offset() + " " + d.reason()));
    }

    void finish() {
      result = p.run();
      result.waitUntilFinish();
    }

    List<String> export() {
      try (EmbeddedGraphStore graph = EmbeddedGraphStore.open(store)) {
        return JsonlExport.lines(graph);
      }
    }

    long counter(String name) {
      Map<String, Long> counters = IngestSummary.countersOf(result);
      return counters.get(name);
    }
  }

  private Scenario run(
      TestStream<RawEvent> events,
      Duration allowedLateness,
      @Nullable Duration earlyFiring)
      throws IOException {
    return new Scenario(p.apply("Events", events), allowedLateness, earlyFiring);
  }

  /** The export of the watched edge and its two end nodes, all seen by the same events. */
  private static List<String> watched(String first, String last, long count) {
    Observations seen = Observations.of(Properties.empty(), at(first), at(last), count);
    List<String> lines = new ArrayList<>();
    lines.add(GraphJson.line(Edge.of(WATCHED, seen, null)));
    lines.add(GraphJson.line(Node.of(WATCHED.src(), seen, null)));
    lines.add(GraphJson.line(Node.of(WATCHED.dst(), seen, null)));
    lines.sort(null);
    return lines;
  }

  private void assumeDirectRunner(String why) {
    assumeTrue(
        "DirectRunner only: the scenario " + why,
        p.getOptions().getRunner().equals(DirectRunner.class));
  }

  private static TestStream.Builder<RawEvent> stream() {
    return TestStream.create(RawEvent.RawEventCoder.of()).advanceWatermarkTo(at("19:00:00"));
  }

  /** A watch event of profile p1 and title t1, read from line {@code line} of the stream. */
  private static TimestampedValue<RawEvent> watch(String eventId, String time, long line) {
    String payload =
        "{\"eventId\":\"" + eventId + "\",\"ts\":\"2026-03-01T" + time + "Z\",\"profile\":\"p1\",\"title\":\"t1\"}";
    return TimestampedValue.of(
        RawEvent.of("watch", payload.getBytes(StandardCharsets.UTF_8), "stream", line), at(time));
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-01T" + time + "Z");
  }

  private static Mapping mapping() {
    try {
      return Mapping.load(Path.of(EventTimeScenariosTest.class.getResource("scenarios.yaml").toURI()));
    } catch (URISyntaxException | Mapping.MappingException e) {
      throw new IllegalStateException("the scenarios' mapping must load", e);
    }
  }
}
