package dev.rdg.transforms;

import dev.rdg.model.Edge;
import dev.rdg.model.ElementRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Coalesces the assertions of each node and edge within a fixed event-time window into one upsert: first
 * seen, last seen, count of distinct events, latest properties. Heartbeats that assert the same edge every
 * few seconds become one write per window instead of one per event.
 *
 * <p>Panes accumulate, and a late pane (within {@code allowedLateness}) carries the whole window again, so
 * a sink that keys each window's share by the window replaces it and counts stay exact.
 *
 * <p>Nodes and edges are merged by one combine keyed by {@link ElementRef}, so an event's assertions stay
 * one stream. Most of the merging happens before the shuffle, in memory: {@link ObserveElementsFn} merges
 * the assertions of each element and window it sees (up to {@value #PRE_COMBINED_ELEMENTS} elements at a
 * time), and the merge is a {@link Combine.BinaryCombineFn} that runners lift too.
 *
 * <p>With {@link #withEarlyFiring} a window also fires early panes, {@code earlyFiring} of processing time
 * after the first assertion of a pane, so a streaming graph shows an edge seconds after its first event
 * instead of at the window's end; each pane carries the whole window so far and replaces the earlier one
 * in the sink. Assertions beyond the allowed lateness are dropped here: {@link DivertTooLateEvents} takes
 * them out before, as dead letters.
 *
 * <pre>{@code
 * PCollectionTuple graph = uniqueEvents.apply(
 *     CoalesceUpdates.inWindowsOf(Duration.standardMinutes(1))
 *         .withAllowedLateness(Duration.ZERO)
 *         .withEarlyFiring(Duration.standardSeconds(10)));
 * PCollection<Node> nodes = graph.get(GraphTags.NODES);
 * PCollection<Edge> edges = graph.get(GraphTags.EDGES);
 * }</pre>
 */
public final class CoalesceUpdates extends PTransform<PCollection<MappedEvent>, PCollectionTuple> {
  public static final Duration DEFAULT_WINDOW = Duration.standardMinutes(1);

  /**
   * How many merged elements {@link ObserveElementsFn} holds before handing them on: enough for the
   * elements of several windows of a busy stream, some tens of MB per instance of the step.
   */
  static final int PRE_COMBINED_ELEMENTS = 50_000;
  private static final Coder<Observations> OBSERVATIONS = Observations.ObservationsCoder.of();

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
    PCollection<KV<ElementRef, Observations>> merged =
        events
            .apply(
                "Windows",
                Window.<MappedEvent>into(FixedWindows.of(window))
                    .triggering(trigger())
                    .withAllowedLateness(allowedLateness)
                    .accumulatingFiredPanes())
            .apply("ObserveElements", ParDo.of(new ObserveElementsFn(PRE_COMBINED_ELEMENTS)))
            .setCoder(KvCoder.of(ElementRef.ElementRefCoder.of(), OBSERVATIONS))
            .apply("MergeObservations", Combine.perKey(new MergeObservationsFn()))
            .setCoder(KvCoder.of(ElementRef.ElementRefCoder.of(), NullableCoder.of(OBSERVATIONS)));
    PCollectionTuple upserts =
        merged.apply(
            "ToUpserts",
            ParDo.of(new ToUpsertFn()).withOutputTags(GraphTags.NODES, TupleTagList.of(GraphTags.EDGES)));
    upserts.get(GraphTags.NODES).setCoder(Node.NodeCoder.of());
    upserts.get(GraphTags.EDGES).setCoder(Edge.EdgeCoder.of());
    return upserts;
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
   * {@code maxElements} merged elements, then hands them all on; the rest at the bundle's end, always
   * before the runner advances the watermark past them, so nothing held here becomes late.
   */
  static final class ObserveElementsFn extends DoFn<MappedEvent, KV<ElementRef, Observations>> {
    private final int maxElements;
    private transient Map<Held, Observations> pending;

    ObserveElementsFn(int maxElements) {
      this.maxElements = maxElements;
    }

    @StartBundle
    public void startBundle() {
      pending = new HashMap<>();
    }

    @ProcessElement
    public void processElement(
        @Element MappedEvent event, BoundedWindow window, OutputReceiver<KV<ElementRef, Observations>> out) {
      for (GraphMutation mutation : event.mutations()) {
        Held held = new Held(ElementRef.of(mutation), window);
        pending.merge(held, mutation.observations(), Observations::merge);
      }
      if (pending.size() >= maxElements) {
        // Each into its own window, stamped with its first sighting: that is inside the window and no
        // later than the watermark has reached, so it is exactly as late or on time as its events.
        pending.forEach(
            (held, seen) ->
                out.outputWindowedValue(
                    KV.of(held.ref(), seen), seen.firstSeen(), List.of(held.window()), PaneInfo.NO_FIRING));
        pending.clear();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      pending.forEach(
          (held, seen) -> context.output(KV.of(held.ref(), seen), seen.firstSeen(), held.window()));
      pending.clear();
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

  /** Merges observations: min first seen, max last seen, counts added, latest properties. */
  static final class MergeObservationsFn extends Combine.BinaryCombineFn<Observations> {
    @Override
    public Observations apply(Observations left, Observations right) {
      return left.merge(right);
    }
  }

  /** Attaches the window to each coalesced element, making it a node or edge upsert. */
  static final class ToUpsertFn extends DoFn<KV<ElementRef, Observations>, Node> {
    @ProcessElement
    public void processElement(
        @Element KV<ElementRef, Observations> element, BoundedWindow window, MultiOutputReceiver out) {
      Observations seen = element.getValue();
      if (seen == null) {
        // Flink's streaming combine can fire a pane of an empty accumulator (the binary combine's null
        // identity) when a window closes: it says nothing about the element.
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
