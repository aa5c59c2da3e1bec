package dev.rdg.transforms;

import dev.rdg.model.CoderBytes;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.ElementRef;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Coalesces the assertions of each node and edge within a fixed event-time window into one upsert: first
 * seen, last seen, count of distinct events, latest properties. Heartbeats that assert the same edge every
 * few seconds become one write per window instead of one per event.
 *
 * <p>Redeliveries change nothing: an event is {@code (source, event id)}, and each element's accumulator
 * ({@link Sightings}) keeps which events asserted it, so a redelivered event (Kafka's at-least-once, a
 * replayed file, a retried upstream), merged again, leaves its count as it was. It lands in the same
 * window as the first delivery, since it carries the same event time; after the window's allowed
 * lateness it is too late: {@link DivertTooLateEvents} rejects it before this step, and this step hands
 * it on as a dead letter.
 * Redeliveries are counted in {@code rdg/duplicates}, per window: on bounded input by the merges
 * themselves, which remove the extra copies of each event's key from the element that counts it (its first
 * assertion, {@link Sightings#observe}); on a stream, where a window's accumulator is merged pane after
 * pane, by a small step that keeps the events' keys (8 bytes each) in state until the window expires.
 * Memory is 8 bytes per distinct event of an element in a window, held until the window expires (its end
 * plus the allowed lateness): a title asserted by 100,000 events in one window holds 800 KB, and a long
 * allowed lateness keeps every event's key that long. On a stream with a state backend that serializes
 * (RocksDB), every update of an element re-encodes its events; the in-memory merge below makes that once
 * per element and bundle, not per event.
 *
 * <p>Panes accumulate, and a late pane (within {@code allowedLateness}) carries the whole window again, so
 * a sink that keys each window's share by the window replaces it and counts stay exact.
 *
 * <p>Nodes and edges are merged together, keyed by {@link ElementRef}, so an event's assertions stay one
 * stream. Most of the merging happens before the shuffle, in memory ({@link InMemoryMerge}): the
 * assertions of each element and window a worker sees (up to {@value #PRE_COMBINED_ELEMENTS} elements at
 * a time). On a stream a combine merges the rest (runners lift it into the shuffle too); on bounded input,
 * where Flink's batch runner would sort a combine twice, a grouping in one sort and then
 * {@link MergeGroupedFn}.
 *
 * <p>With {@link #withEarlyFiring} a window also fires early panes, {@code earlyFiring} of processing time
 * after the first assertion of a pane, so a streaming graph shows an edge seconds after its first event
 * instead of at the window's end; each pane carries the whole window so far and replaces the earlier one
 * in the sink. Assertions beyond the allowed lateness would be dropped here: {@link DivertTooLateEvents}
 * rejects them before, and they come out as dead letters.
 *
 * <p>With {@link #writingTo} (bounded input) the merging step writes the upserts itself, for a sink that
 * takes an edge before its end nodes: nothing is handed on but the dead letters, so Flink's batch runner
 * runs the grouping, the merge and the writes as one chained step (about a second of a 1M-event run,
 * BENCHMARKS.md).
 *
 * <p>Rejected events ({@link MappedEvent#rejected}: unmappable, too late) come out as they are, in
 * {@link GraphTags#DEAD_LETTERS} (global window, {@link DeadLetters#inGlobalWindow}): they travel with the
 * events until here because Flink's batch runner encodes every element of a step with several outputs
 * once for each of them (see {@link MappedEvent}). On a stream they part from the sightings after the
 * in-memory merge; on bounded input they go through the grouping too, and leave from the merge after it.
 *
 * <pre>{@code
 * PCollectionTuple graph = events.apply(
 *     CoalesceUpdates.inWindowsOf(Duration.standardMinutes(1))
 *         .withAllowedLateness(Duration.ZERO)
 *         .withEarlyFiring(Duration.standardSeconds(10)));
 * PCollection<Node> nodes = graph.get(GraphTags.NODES);
 * PCollection<Edge> edges = graph.get(GraphTags.EDGES);
 * PCollection<DeadLetter> rejected = graph.get(GraphTags.DEAD_LETTERS);
 * // Files into a sink with a writer of its own (GraphSink.writerInStep): merged and written in one step.
 * PCollection<DeadLetter> unwritten = fileEvents
 *     .apply(CoalesceUpdates.inWindowsOf(Duration.standardMinutes(1)).writingTo(writer))
 *     .get(GraphTags.DEAD_LETTERS);
 * }</pre>
 */
public final class CoalesceUpdates extends PTransform<PCollection<MappedEvent>, PCollectionTuple> {
  /**
   * How many merged elements, and how many events, the {@link InMemoryMerge} holds before handing them
   * on: enough for the elements of several windows of a busy stream, some tens of MB per instance of the
   * step (the events' keys, 8 bytes each in the elements and 8 to 16 in the batches for the count).
   */
  static final int PRE_COMBINED_ELEMENTS = 50_000;

  static final int PRE_COMBINED_EVENTS = 500_000;
  /**
   * Keys of the redelivery count's state per window: the events' keys spread over this many, so a stream
   * counts on as many workers, and batches of keys stay big.
   */
  static final int EVENT_BUCKETS = 16;

  static final TupleTag<KV<ElementRef, Sightings>> SIGHTINGS = new TupleTag<>() {};
  static final TupleTag<KV<Integer, List<Long>>> EVENT_KEYS = new TupleTag<>() {};
  private static final Coder<Sightings> SIGHTINGS_CODER = Sightings.SightingsCoder.of();
  private static final Coder<Observations> OBSERVATIONS_CODER =
      NullableCoder.of(Observations.ObservationsCoder.of());
  /**
   * The bounded grouping's input, encoded: {@code (element, its sightings)}, or {@code (no bytes, a
   * rejected event's dead letter)}. Bytes because Flink's batch sorter copies every record several times
   * (into its buffers, when it spills, when it merges) by decoding and encoding it with its coder: copying
   * bytes costs a fraction of rebuilding an element's sightings each time (BENCHMARKS.md).
   */
  static final Coder<KV<byte[], byte[]>> GROUPING_INPUT_CODER = KvCoder.of(ByteArrayCoder.of(), ByteArrayCoder.of());

  /** The grouping key of rejected events: no element's encoding is empty. */
  private static final byte[] REJECTED = new byte[0];

  private static final Coder<ElementRef> ELEMENT_CODER = ElementRef.ElementRefCoder.of();
  /** What the grouping's bytes are, in an error. */
  private static final String GROUPED = "bytes in the coalescing's grouping";
  private static final Coder<KV<Integer, List<Long>>> EVENT_KEYS_CODER =
      KvCoder.of(VarIntCoder.of(), ListCoder.of(BigEndianLongCoder.of()));

  private final Duration window;
  private final Duration allowedLateness;
  private final @Nullable Duration earlyFiring;
  private final @Nullable UpsertWriter writer;

  private CoalesceUpdates(
      Duration window, Duration allowedLateness, @Nullable Duration earlyFiring, @Nullable UpsertWriter writer) {
    this.window = window;
    this.allowedLateness = allowedLateness;
    this.earlyFiring = earlyFiring;
    this.writer = writer;
  }

  /** Coalesces within fixed event-time windows of {@code window}, with no allowed lateness. */
  public static CoalesceUpdates inWindowsOf(Duration window) {
    checkWindowing(window, Duration.ZERO);
    return new CoalesceUpdates(window, Duration.ZERO, null, null);
  }

  /** Accepts late assertions up to {@code allowedLateness} after a window's end, as a late pane. */
  public CoalesceUpdates withAllowedLateness(Duration allowedLateness) {
    checkWindowing(window, allowedLateness);
    return new CoalesceUpdates(window, allowedLateness, earlyFiring, writer);
  }

  /**
   * Checks a window and its allowed lateness, here and in {@link DivertTooLateEvents#forWindows}: both are
   * given the same two, and must refuse the same.
   */
  static void checkWindowing(@Nullable Duration window, @Nullable Duration allowedLateness) {
    if (window == null || !window.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("window must be > 0, but was " + window);
    }
    if (allowedLateness == null || allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, but was " + allowedLateness);
    }
  }

  /**
   * Fires an early pane {@code earlyFiring} of processing time after the first assertion of each pane,
   * before the window's end; {@code null} fires no early panes.
   */
  public CoalesceUpdates withEarlyFiring(@Nullable Duration earlyFiring) {
    if (earlyFiring != null && !earlyFiring.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("earlyFiring must be > 0, but was " + earlyFiring);
    }
    return new CoalesceUpdates(window, allowedLateness, earlyFiring, writer);
  }

  /**
   * Bounded input only: writes each upsert with {@code writer} in the step that merges it, instead of
   * handing it on; the output then holds only {@link GraphTags#DEAD_LETTERS}. The writer must take edges
   * before their end nodes ({@link UpsertWriter}). Every upsert is counted in
   * {@code rdg/nodeUpserts} or {@code rdg/edgeUpserts}, as {@code WriteGraph} counts them.
   */
  public CoalesceUpdates writingTo(UpsertWriter writer) {
    if (writer == null) {
      throw new IllegalArgumentException("writingTo(writer): writer is null");
    }
    return new CoalesceUpdates(window, allowedLateness, earlyFiring, writer);
  }

  @Override
  public PCollectionTuple expand(PCollection<MappedEvent> events) {
    boolean bounded = events.isBounded() == PCollection.IsBounded.BOUNDED;
    if (writer != null && !bounded) {
      throw new IllegalArgumentException(
          "CoalesceUpdates.writingTo is for bounded input; a stream's upserts are written by WriteGraph");
    }
    PCollection<MappedEvent> windowed =
        events.apply(
            "Windows",
            Window.<MappedEvent>into(FixedWindows.of(window))
                .triggering(trigger())
                .withAllowedLateness(allowedLateness)
                .accumulatingFiredPanes()
                // This step's own, not the input's (files keep their earliest time): with window ends
                // Flink's batch runner groups in one sort.
                .withTimestampCombiner(TimestampCombiner.END_OF_WINDOW));
    if (writer != null) {
      return PCollectionTuple.of(GraphTags.DEAD_LETTERS, mergedAndWritten(windowed, writer));
    }
    PCollectionTuple upserts = bounded ? boundedUpserts(windowed) : streamedUpserts(windowed);
    upserts.get(GraphTags.NODES).setCoder(Node.NodeCoder.of());
    upserts.get(GraphTags.EDGES).setCoder(Edge.EdgeCoder.of());
    return upserts;
  }

  /**
   * Bounded input: one grouping of the sightings, whose timestamps are window ends, is one sort on Flink's
   * batch runner (a combine would be two: to pre-combine before the shuffle and to merge after it; the
   * sightings are merged in memory already). Rejected events travel through the grouping with the
   * sightings and leave where nodes and edges part after it: a branch before it would cost Flink's batch
   * runner every sighting once more (a step with several outputs encodes each element for every branch).
   */
  private static PCollectionTuple boundedUpserts(PCollection<MappedEvent> windowed) {
    PCollectionTuple upserts =
        grouped(windowed)
            .apply(
                "MergeSightings",
                ParDo.of(new MergeGroupedFn(null))
                    .withOutputTags(GraphTags.DEAD_LETTERS, TupleTagList.of(GraphTags.NODES).and(GraphTags.EDGES)));
    return PCollectionTuple.of(GraphTags.NODES, upserts.get(GraphTags.NODES))
        .and(GraphTags.EDGES, upserts.get(GraphTags.EDGES))
        .and(GraphTags.DEAD_LETTERS, inGlobalWindow(upserts.get(GraphTags.DEAD_LETTERS)));
  }

  /**
   * Bounded input, written in the merging step: its only output is the rejected events, so Flink's batch
   * runner chains the merge and the writes to the grouping, with no upsert encoded in between.
   */
  private static PCollection<DeadLetter> mergedAndWritten(PCollection<MappedEvent> windowed, UpsertWriter writer) {
    return inGlobalWindow(
        grouped(windowed)
            .apply(
                "MergeAndWriteSightings",
                ParDo.of(new MergeGroupedFn(writer)).withOutputTags(GraphTags.DEAD_LETTERS, TupleTagList.empty()))
            .get(GraphTags.DEAD_LETTERS));
  }

  /** The sightings of each element and window, and the rejected events under the empty key, grouped. */
  private static PCollection<KV<byte[], Iterable<byte[]>>> grouped(PCollection<MappedEvent> windowed) {
    return windowed
        .apply("ObserveElements", ParDo.of(new ObserveForGroupingFn(PRE_COMBINED_ELEMENTS, PRE_COMBINED_EVENTS)))
        .setCoder(GROUPING_INPUT_CODER)
        .apply("GroupSightings", GroupByKey.create());
  }

  /**
   * A stream keeps one accumulator per element and window, merged as sightings arrive, and counts
   * redeliveries by the events' keys.
   */
  private static PCollectionTuple streamedUpserts(PCollection<MappedEvent> windowed) {
    PCollectionTuple observed =
        windowed.apply(
            "ObserveElements",
            ParDo.of(new ObserveElementsFn(PRE_COMBINED_ELEMENTS, PRE_COMBINED_EVENTS))
                .withOutputTags(SIGHTINGS, TupleTagList.of(EVENT_KEYS).and(GraphTags.DEAD_LETTERS)));
    observed
        .get(EVENT_KEYS)
        .setCoder(EVENT_KEYS_CODER)
        .apply("CountRedeliveries", ParDo.of(new CountRedeliveriesFn()));
    PCollectionTuple upserts =
        observed
            .get(SIGHTINGS)
            .setCoder(KvCoder.of(ELEMENT_CODER, SIGHTINGS_CODER))
            .apply("MergeSightings", Combine.perKey(new MergeSightingsFn()))
            .setCoder(KvCoder.of(ELEMENT_CODER, OBSERVATIONS_CODER))
            .apply(
                "ToUpserts",
                ParDo.of(new ToUpsertFn()).withOutputTags(GraphTags.NODES, TupleTagList.of(GraphTags.EDGES)));
    return upserts.and(GraphTags.DEAD_LETTERS, inGlobalWindow(observed.get(GraphTags.DEAD_LETTERS)));
  }

  private static PCollection<DeadLetter> inGlobalWindow(PCollection<DeadLetter> rejected) {
    return rejected
        .setCoder(DeadLetter.DeadLetterCoder.of())
        .apply("RejectedInGlobalWindow", DeadLetters.inGlobalWindow());
  }

  /** On time at the window's end, then a late pane per late assertion; early panes if asked for. */
  private Trigger trigger() {
    AfterWatermark.AfterWatermarkEarlyAndLate onTimeAndLate =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    if (earlyFiring == null) {
      return onTimeAndLate;
    }
    return onTimeAndLate.withEarlyFirings(
        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring));
  }

  /**
   * On a stream: splits each event into its assertions and merges them in memory ({@link InMemoryMerge}),
   * handing them on when the merge is full and at the bundle's end, always before the runner advances the
   * watermark past them, so nothing held here becomes late. Hands on the events' keys too ({@link
   * CoalesceUpdates#EVENT_KEYS}), a batch per window and bucket, for the count of redeliveries; rejected
   * events go on at once as their dead letters.
   */
  static final class ObserveElementsFn extends DoFn<MappedEvent, KV<ElementRef, Sightings>> {
    private final int maxElements;
    private final int maxEvents;
    private transient InMemoryMerge merge;
    private transient Map<BoundedWindow, EventKeyBatches> eventKeys;

    ObserveElementsFn(int maxElements, int maxEvents) {
      this.maxElements = maxElements;
      this.maxEvents = maxEvents;
    }

    @StartBundle
    public void startBundle() {
      merge = new InMemoryMerge(maxElements, maxEvents);
      eventKeys = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element MappedEvent event, BoundedWindow window, MultiOutputReceiver out) {
      if (event.isRejected()) {
        out.get(GraphTags.DEAD_LETTERS).output(event.deadLetter());
        return;
      }
      long eventKey = Sightings.eventKey(event.source(), event.eventId());
      eventKeys.computeIfAbsent(window, batches -> new EventKeyBatches()).add(eventKey);
      if (merge.observe(event.mutations(), eventKey, window)) {
        handOn(
            new Emitter() {
              @Override
              public <T> void output(TupleTag<T> tag, T value, Instant timestamp, BoundedWindow window) {
                out.get(tag).outputWindowedValue(value, timestamp, List.of(window), PaneInfo.NO_FIRING);
              }
            });
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      handOn(
          new Emitter() {
            @Override
            public <T> void output(TupleTag<T> tag, T value, Instant timestamp, BoundedWindow window) {
              context.output(tag, value, timestamp, window);
            }
          });
    }

    /**
     * Hands on everything held, each into its own window (not the window of the event being merged).
     * Sightings are stamped with their first sighting and event keys with their window's end: inside the
     * window, so exactly as late or on time as their events.
     */
    private void handOn(Emitter emit) {
      merge.handOn((ref, seen, window) -> emit.output(SIGHTINGS, KV.of(ref, seen), seen.firstSeen(), window));
      eventKeys.forEach(
          (window, batches) ->
              batches.forEach(batch -> emit.output(EVENT_KEYS, batch, window.maxTimestamp(), window)));
      eventKeys.clear();
    }

    /** Where held elements go: the element's output, or the bundle's. */
    private interface Emitter {
      <T> void output(TupleTag<T> tag, T value, Instant timestamp, BoundedWindow window);
    }

    /** One window's held event keys in {@value #EVENT_BUCKETS} buckets, unboxed until handed on. */
    private static final class EventKeyBatches {
      private final long[][] keys = new long[EVENT_BUCKETS][];
      private final int[] sizes = new int[EVENT_BUCKETS];

      void add(long eventKey) {
        int bucket = Math.floorMod(Long.hashCode(eventKey), EVENT_BUCKETS);
        if (keys[bucket] == null) {
          keys[bucket] = new long[16];
        } else if (sizes[bucket] == keys[bucket].length) {
          keys[bucket] = Arrays.copyOf(keys[bucket], 2 * sizes[bucket]);
        }
        keys[bucket][sizes[bucket]++] = eventKey;
      }

      /** Each non-empty bucket as {@code (bucket, keys)}. */
      void forEach(Consumer<KV<Integer, List<Long>>> batch) {
        for (int bucket = 0; bucket < EVENT_BUCKETS; bucket++) {
          if (sizes[bucket] > 0) {
            List<Long> held = Arrays.stream(keys[bucket], 0, sizes[bucket]).boxed().collect(Collectors.toList());
            batch.accept(KV.of(bucket, held));
          }
        }
      }
    }
  }

  /**
   * On bounded input: merges each event's assertions in memory ({@link InMemoryMerge}) and hands them on
   * to the grouping, when the merge is full and at the bundle's end, as {@code (element, SIGHTINGS)}; a
   * rejected event goes on at once, in its window, as {@code (REJECTED, its dead letter)}, so the grouping carries
   * it to {@link MergeGroupedFn}. Counts in {@code rdg/duplicates} the redeliveries its merging removed.
   */
  static final class ObserveForGroupingFn extends DoFn<MappedEvent, KV<byte[], byte[]>> {
    private final int maxElements;
    private final int maxEvents;
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);
    private transient InMemoryMerge merge;

    ObserveForGroupingFn(int maxElements, int maxEvents) {
      this.maxElements = maxElements;
      this.maxEvents = maxEvents;
    }

    @StartBundle
    public void startBundle() {
      merge = new InMemoryMerge(maxElements, maxEvents);
    }

    @ProcessElement
    public void processElement(
        @Element MappedEvent event, BoundedWindow window, OutputReceiver<KV<byte[], byte[]>> out) {
      if (event.isRejected()) {
        out.output(KV.of(REJECTED, CoderBytes.encode(DeadLetter.DeadLetterCoder.of(), event.deadLetter())));
        return;
      }
      long eventKey = Sightings.eventKey(event.source(), event.eventId());
      if (merge.observe(event.mutations(), eventKey, window)) {
        handOn(
            (ref, seen, into) ->
                out.outputWindowedValue(grouped(ref, seen), seen.firstSeen(), List.of(into), PaneInfo.NO_FIRING));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      handOn((ref, seen, into) -> context.output(grouped(ref, seen), seen.firstSeen(), into));
    }

    private static KV<byte[], byte[]> grouped(ElementRef ref, Sightings seen) {
      return KV.of(CoderBytes.encode(ELEMENT_CODER, ref), CoderBytes.encode(SIGHTINGS_CODER, seen));
    }

    /** Hands on everything held, each into its own window, stamped with its first sighting. */
    private void handOn(InMemoryMerge.HandOn to) {
      long redeliveries = merge.handOn(to);
      if (redeliveries > 0) {
        duplicates.inc(redeliveries);
      }
    }
  }

  /**
   * Counts the redeliveries of each window: every event key it has not seen in the window is remembered,
   * every other one counted in {@code rdg/duplicates}. The state is the window's, freed when it expires.
   */
  static final class CountRedeliveriesFn extends DoFn<KV<Integer, List<Long>>, Void> {
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);

    @StateId("delivered")
    private final StateSpec<MapState<Long, Boolean>> deliveredSpec =
        StateSpecs.map(BigEndianLongCoder.of(), BooleanCoder.of());

    @ProcessElement
    public void processElement(
        @Element KV<Integer, List<Long>> batch, @StateId("delivered") MapState<Long, Boolean> delivered) {
      for (Long eventKey : batch.getValue()) {
        if (delivered.putIfAbsent(eventKey, true).read() != null) {
          duplicates.inc();
        }
      }
    }
  }

  /**
   * On bounded input, after the grouping: merges each element's sightings into its upsert, a node or an
   * edge in the grouping's window, counting in {@code rdg/duplicates} the redeliveries the merge removes
   * (copies of an event's key met in sightings handed on separately); hands rejected events on as their
   * dead letters. The upserts are handed on, or, with a writer, written in batches ({@link UpsertBatches})
   * and counted as {@code WriteGraph} counts them.
   */
  static final class MergeGroupedFn extends DoFn<KV<byte[], Iterable<byte[]>>, DeadLetter> {
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);
    private final Counter nodeUpserts = GraphCounters.counter(GraphCounters.NODE_UPSERTS);
    private final Counter edgeUpserts = GraphCounters.counter(GraphCounters.EDGE_UPSERTS);
    private final @Nullable UpsertWriter writer;
    private transient @Nullable UpsertBatches batches;

    MergeGroupedFn(@Nullable UpsertWriter writer) {
      this.writer = writer;
    }

    @Setup
    public void setup() {
      if (writer != null) {
        batches = new UpsertBatches(writer.open());
      }
    }

    @ProcessElement
    public void processElement(
        @Element KV<byte[], Iterable<byte[]>> element, BoundedWindow window, MultiOutputReceiver out) {
      if (element.getKey().length == 0) {
        // One pass over the rejected events of a window: the grouping need not hold them all.
        for (byte[] rejected : element.getValue()) {
          out.get(GraphTags.DEAD_LETTERS).output(CoderBytes.decode(DeadLetter.DeadLetterCoder.of(), rejected, GROUPED));
        }
        return;
      }
      Sightings merged = new Sightings();
      for (byte[] sightings : element.getValue()) {
        merged.add(CoderBytes.decode(SIGHTINGS_CODER, sightings, GROUPED));
      }
      long redeliveries = merged.takeRedeliveries();
      if (redeliveries > 0) {
        duplicates.inc(redeliveries);
      }
      if (merged.count() == 0) {
        return;
      }
      ElementRef ref = CoderBytes.decode(ELEMENT_CODER, element.getKey(), GROUPED);
      if (batches == null) {
        outputUpsert(ref, merged.observations(), (IntervalWindow) window, out);
      } else if (ref.node() != null) {
        batches.add(Node.of(ref.node(), merged.observations(), (IntervalWindow) window));
        nodeUpserts.inc();
      } else {
        batches.add(Edge.of(ref.edge(), merged.observations(), (IntervalWindow) window));
        edgeUpserts.inc();
      }
    }

    @FinishBundle
    public void finishBundle() {
      if (batches != null) {
        batches.flush();
      }
    }

    @Teardown
    public void teardown() {
      if (batches != null) {
        batches.close();
        batches = null;
      }
    }
  }

  /** Merges sightings: min first seen, max last seen, events united, latest properties. */
  static final class MergeSightingsFn extends Combine.CombineFn<Sightings, Sightings, Observations> {
    @Override
    public Sightings createAccumulator() {
      return new Sightings();
    }

    @Override
    public Sightings addInput(Sightings accumulator, Sightings input) {
      return accumulator.add(input);
    }

    @Override
    public Sightings mergeAccumulators(Iterable<Sightings> accumulators) {
      Iterator<Sightings> each = accumulators.iterator();
      Sightings merged = each.hasNext() ? each.next() : createAccumulator();
      while (each.hasNext()) {
        merged.add(each.next());
      }
      return merged;
    }

    /** The element's observations; null for an empty accumulator (no events). */
    @Override
    public @Nullable Observations extractOutput(Sightings accumulator) {
      return accumulator.count() == 0 ? null : accumulator.observations();
    }

    @Override
    public Coder<Sightings> getAccumulatorCoder(
        CoderRegistry registry, Coder<Sightings> inputCoder) {
      return SIGHTINGS_CODER;
    }

    @Override
    public Coder<Observations> getDefaultOutputCoder(CoderRegistry registry, Coder<Sightings> inputCoder) {
      return OBSERVATIONS_CODER;
    }
  }

  /** Attaches the window to each coalesced element, making it a node or edge upsert. */
  static final class ToUpsertFn extends DoFn<KV<ElementRef, Observations>, Node> {
    @ProcessElement
    public void processElement(
        @Element KV<ElementRef, Observations> element, BoundedWindow window, MultiOutputReceiver out) {
      Observations seen = element.getValue();
      if (seen == null) {
        // Flink's streaming combine can fire a pane of an empty accumulator when a window closes: it says
        // nothing about the element.
        return;
      }
      outputUpsert(element.getKey(), seen, (IntervalWindow) window, out);
    }
  }

  /** The element's upsert in {@code window}: to {@link GraphTags#NODES} or {@link GraphTags#EDGES}. */
  private static void outputUpsert(
      ElementRef ref, Observations seen, IntervalWindow window, DoFn.MultiOutputReceiver out) {
    if (ref.node() != null) {
      out.get(GraphTags.NODES).output(Node.of(ref.node(), seen, window));
    } else {
      out.get(GraphTags.EDGES).output(Edge.of(ref.edge(), seen, window));
    }
  }
}
