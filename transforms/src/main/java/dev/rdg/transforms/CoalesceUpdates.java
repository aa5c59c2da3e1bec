package dev.rdg.transforms;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.ElementRef;
import dev.rdg.model.GraphMutation;
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
 * <p>Nodes and edges are merged by one combine keyed by {@link ElementRef}, so an event's assertions stay
 * one stream. Most of the merging happens before the shuffle, in memory: {@link ObserveElementsFn} merges
 * the assertions of each element and window it sees (up to {@value #PRE_COMBINED_ELEMENTS} elements at a
 * time). On a stream a combine merges the rest (runners lift it into the shuffle too); on bounded input,
 * where Flink's batch runner would sort a combine twice, a grouping in one sort and then the merge.
 *
 * <p>With {@link #withEarlyFiring} a window also fires early panes, {@code earlyFiring} of processing time
 * after the first assertion of a pane, so a streaming graph shows an edge seconds after its first event
 * instead of at the window's end; each pane carries the whole window so far and replaces the earlier one
 * in the sink. Assertions beyond the allowed lateness would be dropped here: {@link DivertTooLateEvents}
 * rejects them before, and they come out as dead letters.
 *
 * <p>Rejected events ({@link MappedEvent#rejected}: unmappable, too late) come out as they are, in
 * {@link GraphTags#DEAD_LETTERS} (global window, {@link DeadLetters#inGlobalWindow}): they travel with the
 * events until here because a fork after the in-memory merge costs next to nothing, and one before it
 * costs Flink's batch runner every event once more (see {@link MappedEvent}).
 *
 * <pre>{@code
 * PCollectionTuple graph = events.apply(
 *     CoalesceUpdates.inWindowsOf(Duration.standardMinutes(1))
 *         .withAllowedLateness(Duration.ZERO)
 *         .withEarlyFiring(Duration.standardSeconds(10)));
 * PCollection<Node> nodes = graph.get(GraphTags.NODES);
 * PCollection<Edge> edges = graph.get(GraphTags.EDGES);
 * PCollection<DeadLetter> rejected = graph.get(GraphTags.DEAD_LETTERS);
 * }</pre>
 */
public final class CoalesceUpdates extends PTransform<PCollection<MappedEvent>, PCollectionTuple> {
  public static final Duration DEFAULT_WINDOW = Duration.standardMinutes(1);

  /**
   * How many merged elements, and how many events, {@link ObserveElementsFn} holds before handing them
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
  private static final Coder<KV<Integer, List<Long>>> EVENT_KEYS_CODER =
      KvCoder.of(VarIntCoder.of(), ListCoder.of(BigEndianLongCoder.of()));

  private final Duration window;
  private final Duration allowedLateness;
  private final @Nullable Duration earlyFiring;

  private CoalesceUpdates(Duration window, Duration allowedLateness, @Nullable Duration earlyFiring) {
    this.window = window;
    this.allowedLateness = allowedLateness;
    this.earlyFiring = earlyFiring;
  }

  /** Coalesces within fixed event-time windows of {@code window}, with no allowed lateness. */
  public static CoalesceUpdates inWindowsOf(Duration window) {
    if (window == null || !window.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("window must be > 0, but was " + window);
    }
    return new CoalesceUpdates(window, Duration.ZERO, null);
  }

  /** Accepts late assertions up to {@code allowedLateness} after a window's end, as a late pane. */
  public CoalesceUpdates withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, but was " + allowedLateness);
    }
    return new CoalesceUpdates(window, allowedLateness, earlyFiring);
  }

  /**
   * Fires an early pane {@code earlyFiring} of processing time after the first assertion of each pane,
   * before the window's end; {@code null} fires no early panes.
   */
  public CoalesceUpdates withEarlyFiring(@Nullable Duration earlyFiring) {
    if (earlyFiring != null && !earlyFiring.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("earlyFiring must be > 0, but was " + earlyFiring);
    }
    return new CoalesceUpdates(window, allowedLateness, earlyFiring);
  }

  @Override
  public PCollectionTuple expand(PCollection<MappedEvent> events) {
    boolean bounded = events.isBounded() == PCollection.IsBounded.BOUNDED;
    PCollectionTuple observed =
        events
            .apply(
                "Windows",
                Window.<MappedEvent>into(FixedWindows.of(window))
                    .triggering(trigger())
                    .withAllowedLateness(allowedLateness)
                    .accumulatingFiredPanes()
                    // This step's own, not the input's (files keep their earliest time): with window ends
                    // Flink's batch runner groups in one sort.
                    .withTimestampCombiner(TimestampCombiner.END_OF_WINDOW))
            .apply(
                "ObserveElements",
                ParDo.of(new ObserveElementsFn(PRE_COMBINED_ELEMENTS, PRE_COMBINED_EVENTS, !bounded))
                    .withOutputTags(
                        SIGHTINGS,
                        bounded
                            ? TupleTagList.of(GraphTags.DEAD_LETTERS)
                            : TupleTagList.of(EVENT_KEYS).and(GraphTags.DEAD_LETTERS)));
    PCollection<DeadLetter> rejected =
        observed
            .get(GraphTags.DEAD_LETTERS)
            .setCoder(DeadLetter.DeadLetterCoder.of())
            .apply("RejectedInGlobalWindow", DeadLetters.inGlobalWindow());
    PCollection<KV<ElementRef, Sightings>> sightings =
        observed.get(SIGHTINGS).setCoder(KvCoder.of(ElementRef.ElementRefCoder.of(), SIGHTINGS_CODER));
    PCollection<KV<ElementRef, Observations>> merged;
    if (bounded) {
      // Flink's batch runner sorts a combine twice, once to pre-combine before the shuffle and once to
      // merge after it; the sightings are merged in memory already, and a grouping whose timestamps are
      // window ends is one sort. The merge counts the redeliveries it removes.
      merged =
          sightings
              .apply("GroupSightings", GroupByKey.create())
              .apply("MergeSightings", ParDo.of(new MergeGroupedSightingsFn()));
    } else {
      // A stream keeps one accumulator per element and window, merged as sightings arrive, and counts
      // redeliveries by the events' keys.
      observed
          .get(EVENT_KEYS)
          .setCoder(EVENT_KEYS_CODER)
          .apply("CountRedeliveries", ParDo.of(new CountRedeliveriesFn()));
      merged = sightings.apply("MergeSightings", Combine.perKey(new MergeSightingsFn()));
    }
    merged.setCoder(KvCoder.of(ElementRef.ElementRefCoder.of(), OBSERVATIONS_CODER));
    PCollectionTuple upserts =
        merged.apply(
            "ToUpserts",
            ParDo.of(new ToUpsertFn()).withOutputTags(GraphTags.NODES, TupleTagList.of(GraphTags.EDGES)));
    upserts.get(GraphTags.NODES).setCoder(Node.NodeCoder.of());
    upserts.get(GraphTags.EDGES).setCoder(Edge.EdgeCoder.of());
    return upserts.and(GraphTags.DEAD_LETTERS, rejected);
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
   * Splits each event into its assertions, keyed by element, and merges the assertions about the same
   * element and window already here, in memory, before they are encoded for the shuffle: heartbeats
   * repeat the same few elements, so most of them never leave this step. Holds at most
   * {@code maxElements} merged elements of at most {@code maxEvents} events, then hands them all on; the
   * rest at the bundle's end, always before the runner advances the watermark past them, so nothing held
   * here becomes late. Rejected events go on at once as their dead letters. With {@code handsOnEventKeys}
   * (a stream) it hands on the events' keys too ({@link CoalesceUpdates#EVENT_KEYS}), a batch per window
   * and bucket, for the count of redeliveries; without, it counts the redeliveries its merging removed.
   */
  static final class ObserveElementsFn extends DoFn<MappedEvent, KV<ElementRef, Sightings>> {
    private final int maxElements;
    private final int maxEvents;
    private final boolean handsOnEventKeys;
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);
    private transient Map<Held, Sightings> pending;
    private transient Map<BoundedWindow, EventKeyBatches> eventKeys;
    private transient int heldEvents;

    ObserveElementsFn(int maxElements, int maxEvents, boolean handsOnEventKeys) {
      this.maxElements = maxElements;
      this.maxEvents = maxEvents;
      this.handsOnEventKeys = handsOnEventKeys;
    }

    @StartBundle
    public void startBundle() {
      pending = new HashMap<>();
      eventKeys = new HashMap<>();
      heldEvents = 0;
    }

    @ProcessElement
    public void processElement(@Element MappedEvent event, BoundedWindow window, MultiOutputReceiver out) {
      if (event.isRejected()) {
        out.get(GraphTags.DEAD_LETTERS).output(event.deadLetter());
        return;
      }
      long eventKey = Sightings.eventKey(event.source(), event.eventId());
      if (handsOnEventKeys) {
        eventKeys.computeIfAbsent(window, batches -> new EventKeyBatches()).add(eventKey);
      }
      List<GraphMutation> mutations = event.mutations();
      for (int i = 0; i < mutations.size(); i++) {
        GraphMutation mutation = mutations.get(i);
        pending.computeIfAbsent(new Held(ElementRef.of(mutation), window), held -> new Sightings())
            .observe(mutation, eventKey, i == 0);
      }
      heldEvents++;
      if (pending.size() >= maxElements || heldEvents >= maxEvents) {
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
      long redeliveries = 0;
      for (Map.Entry<Held, Sightings> held : pending.entrySet()) {
        Sightings seen = held.getValue();
        // Also removes the copies in place, so they are not encoded.
        redeliveries += seen.takeRedeliveries();
        emit.output(SIGHTINGS, KV.of(held.getKey().ref(), seen), seen.firstSeen(), held.getKey().window());
      }
      if (!handsOnEventKeys && redeliveries > 0) {
        duplicates.inc(redeliveries);
      }
      eventKeys.forEach(
          (window, batches) ->
              batches.forEach(batch -> emit.output(EVENT_KEYS, batch, window.maxTimestamp(), window)));
      pending.clear();
      eventKeys.clear();
      heldEvents = 0;
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

    /** An element in a window: what is merged in memory; its hash computed once, spread over all bits. */
    private static final class Held {
      private final ElementRef ref;
      private final BoundedWindow window;
      private final int hash;

      Held(ElementRef ref, BoundedWindow window) {
        this.ref = ref;
        this.window = window;
        int h = ref.hashCode() * 0x9E3779B9 + window.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        this.hash = h;
      }

      ElementRef ref() {
        return ref;
      }

      BoundedWindow window() {
        return window;
      }

      @Override
      public int hashCode() {
        return hash;
      }

      @Override
      public boolean equals(Object other) {
        return other instanceof Held
            && ((Held) other).hash == hash
            && ((Held) other).ref.equals(ref)
            && ((Held) other).window.equals(window);
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
   * On bounded input, merges each element's grouped sightings into its observations, counting in {@code
   * rdg/duplicates} the redeliveries the merge removes (copies of an event's key met in sightings handed
   * on separately).
   */
  static final class MergeGroupedSightingsFn
      extends DoFn<KV<ElementRef, Iterable<Sightings>>, KV<ElementRef, Observations>> {
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);

    @ProcessElement
    public void processElement(
        @Element KV<ElementRef, Iterable<Sightings>> element,
        OutputReceiver<KV<ElementRef, Observations>> out) {
      Sightings merged = new Sightings();
      for (Sightings sightings : element.getValue()) {
        merged.add(sightings);
      }
      long redeliveries = merged.takeRedeliveries();
      if (redeliveries > 0) {
        duplicates.inc(redeliveries);
      }
      if (merged.count() > 0) {
        out.output(KV.of(element.getKey(), merged.observations()));
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
      ElementRef ref = element.getKey();
      if (ref.node() != null) {
        out.get(GraphTags.NODES).output(Node.of(ref.node(), seen, (IntervalWindow) window));
      } else {
        out.get(GraphTags.EDGES).output(Edge.of(ref.edge(), seen, (IntervalWindow) window));
      }
    }
  }
}
