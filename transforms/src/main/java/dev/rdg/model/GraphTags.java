package dev.rdg.model;

import org.apache.beam.sdk.values.TupleTag;

/**
 * The tags of the graph's collections in a {@code PCollectionTuple}: the coalesced nodes and edges that
 * {@code CoalesceUpdates} emits and {@code WriteGraph} consumes, and the dead letters of the events the
 * steps before it rejected.
 */
public final class GraphTags {
  public static final TupleTag<Node> NODES = new TupleTag<Node>("nodes") {};
  public static final TupleTag<Edge> EDGES = new TupleTag<Edge>("edges") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>("deadLetters") {};

  private GraphTags() {}
}
