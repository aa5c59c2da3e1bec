package dev.rdg.model;

import org.apache.beam.sdk.values.TupleTag;

/**
 * The tags of the graph's collections in a {@code PCollectionTuple}: the mapped events that
 * {@code NormalizeEvents} emits, the coalesced nodes and edges that {@code CoalesceUpdates} emits and
 * {@code WriteGraph} consumes, and the dead letters of the steps that reject events.
 */
public final class GraphTags {
  public static final TupleTag<Node> NODES = new TupleTag<Node>("nodes") {};
  public static final TupleTag<Edge> EDGES = new TupleTag<Edge>("edges") {};
  public static final TupleTag<MappedEvent> EVENTS = new TupleTag<MappedEvent>("events") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>("deadLetters") {};

  private GraphTags() {}
}
