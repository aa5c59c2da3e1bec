package dev.rdg.transforms;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import java.io.Serializable;
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
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Coalesces the assertions of each node and edge within a fixed event-time window into one upsert: first
 * seen, last seen, count of distinct events, latest properties. Heartbeats that assert the same edge every
 * few seconds become one write per window instead of one per event.
 *
 * <p>Panes accumulate, and a late pane (within {@code allowedLateness}) carries the whole window again, so
 * a sink that keys each window's share by the window replaces it and counts stay exact. The merge is a
 * {@link Combine.BinaryCombineFn}, so runners lift it before the shuffle.
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

  private static final TupleTag<KV<NodeRef, Observations>> NODE_OBSERVATIONS =
      new TupleTag<KV<NodeRef, Observations>>() {};
  private static final TupleTag<KV<EdgeRef, Observations>> EDGE_OBSERVATIONS =
      new TupleTag<KV<EdgeRef, Observations>>() {};
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
    PCollectionTuple observed =
        events.apply(
            "KeyByElement",
            ParDo.of(new KeyByElementFn())
                .withOutputTags(NODE_OBSERVATIONS, TupleTagList.of(EDGE_OBSERVATIONS)));
    PCollection<Node> nodes =
        coalesce(
            observed.get(NODE_OBSERVATIONS).setCoder(KvCoder.of(NodeRef.NodeRefCoder.of(), OBSERVATIONS)),
            "Nodes",
            Node::of,
            Node.NodeCoder.of());
    PCollection<Edge> edges =
        coalesce(
            observed.get(EDGE_OBSERVATIONS).setCoder(KvCoder.of(EdgeRef.EdgeRefCoder.of(), OBSERVATIONS)),
            "Edges",
            Edge::of,
            Edge.EdgeCoder.of());
    return PCollectionTuple.of(GraphTags.NODES, nodes).and(GraphTags.EDGES, edges);
  }

  @SuppressWarnings("unchecked") // Combine.perKey keeps the input's key coder
  private <K, T> PCollection<T> coalesce(
      PCollection<KV<K, Observations>> observed,
      String kind,
      UpsertFactory<K, T> factory,
      Coder<T> coder) {
    return observed
        .apply(
            "Window" + kind,
            Window.<KV<K, Observations>>into(FixedWindows.of(window))
                .triggering(trigger())
                .withAllowedLateness(allowedLateness)
                .accumulatingFiredPanes())
        .apply("Merge" + kind, Combine.perKey(new MergeObservationsFn()))
        .setCoder(
            KvCoder.of(((KvCoder<K, Observations>) observed.getCoder()).getKeyCoder(), NullableCoder.of(OBSERVATIONS)))
        .apply("To" + kind, ParDo.of(new ToUpsertFn<>(factory)))
        .setCoder(coder);
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

  /** Splits each event into its assertions: node and edge observations keyed by the element. */
  static final class KeyByElementFn extends DoFn<MappedEvent, KV<NodeRef, Observations>> {
    @ProcessElement
    public void processElement(@Element MappedEvent event, MultiOutputReceiver out) {
      for (GraphMutation mutation : event.mutations()) {
        if (mutation.node() != null) {
          out.get(NODE_OBSERVATIONS).output(KV.of(mutation.node(), mutation.observations()));
        } else {
          out.get(EDGE_OBSERVATIONS).output(KV.of(mutation.edge(), mutation.observations()));
        }
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

  /** Builds a node or edge upsert from an element, its observations and its window. */
  interface UpsertFactory<K, T> extends Serializable {
    T create(K ref, Observations seen, IntervalWindow window);
  }

  /** Attaches the window to each coalesced element, making it an upsert. */
  static final class ToUpsertFn<K, T> extends DoFn<KV<K, Observations>, T> {
    private final UpsertFactory<K, T> factory;

    ToUpsertFn(UpsertFactory<K, T> factory) {
      this.factory = factory;
    }

    @ProcessElement
    public void processElement(
        @Element KV<K, Observations> element, BoundedWindow window, OutputReceiver<T> out) {
      if (element.getValue() == null) {
        // Flink's streaming combine can fire a pane of an empty accumulator (the binary combine's null
        // identity) when a window closes: it says nothing about the element.
        return;
      }
      out.output(factory.create(element.getKey(), element.getValue(), (IntervalWindow) window));
    }
  }
}
