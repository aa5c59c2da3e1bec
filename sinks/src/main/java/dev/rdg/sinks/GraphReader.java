package dev.rdg.sinks;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The merged graph as a sink holds it: every node and edge once, merged across its windows, with
 * {@code window()} null. The export walks {@link #nodes()} and {@link #edges()}; the query API traverses
 * with {@link #node}, {@link #outEdges} and {@link #inEdges}.
 *
 * <pre>{@code
 * try (GraphReader graph = sink.openReader()) {
 *   Optional<Node> account = graph.node(NodeRef.of("account", "a1"));
 *   List<Edge> profiles = graph.outEdges(NodeRef.of("account", "a1"));
 * }
 * }</pre>
 *
 * <p>Iterators need not be exhausted: closing the reader releases them.
 */
public interface GraphReader extends AutoCloseable {
  /** Every node, in no particular order. */
  Iterator<Node> nodes();

  /** Every edge, in no particular order. */
  Iterator<Edge> edges();

  /** The node, if any upsert named it. */
  Optional<Node> node(NodeRef ref);

  /** The edges whose source is {@code ref}, of every type. */
  List<Edge> outEdges(NodeRef ref);

  /** The edges whose destination is {@code ref}, of every type. */
  List<Edge> inEdges(NodeRef ref);

  /**
   * {@link #outEdges} read lazily, for callers that may stop early (a traversal's per-hop limit on a node with
   * many edges). A caller that stops before the end closes the iterator if it is {@link AutoCloseable}.
   */
  default Iterator<Edge> scanOutEdges(NodeRef ref) {
    return outEdges(ref).iterator();
  }

  /** {@link #inEdges} read lazily; see {@link #scanOutEdges}. */
  default Iterator<Edge> scanInEdges(NodeRef ref) {
    return inEdges(ref).iterator();
  }

  /**
   * The out-edges of {@code ref} last seen at or after {@code since} (null: all of them), most recently seen
   * first, read lazily: a LATEST traversal through a node with many edges stops after the ones it keeps.
   * Close the iterator if stopping early, as for {@link #scanOutEdges}. This default reads and sorts every
   * edge; a store with a recency index (the embedded one) reads only what is taken.
   */
  default Iterator<Edge> scanOutEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return latestFirst(outEdges(ref), since);
  }

  /** {@link #inEdges} most recently seen first; see {@link #scanOutEdgesLatestFirst}. */
  default Iterator<Edge> scanInEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return latestFirst(inEdges(ref), since);
  }

  /**
   * The latest time the graph saw anything: the greatest last seen of its nodes and edges (the reference of
   * the query lookback and of retention; {@code
   * Long.MIN_VALUE} millis for an empty graph). Reads the whole graph: a store that keeps it at write time
   * overrides it.
   */
  default Instant newestTime() {
    Instant max = new Instant(Long.MIN_VALUE);
    for (Iterator<Node> nodes = nodes(); nodes.hasNext(); ) {
      Instant seen = nodes.next().seen().lastSeen();
      max = seen.isAfter(max) ? seen : max;
    }
    for (Iterator<Edge> edges = edges(); edges.hasNext(); ) {
      Instant seen = edges.next().seen().lastSeen();
      max = seen.isAfter(max) ? seen : max;
    }
    return max;
  }

  /** Releases the reader; it throws no checked exception, so try-with-resources needs no catch. */
  @Override
  void close();

  private static Iterator<Edge> latestFirst(List<Edge> edges, @Nullable Instant since) {
    return edges.stream()
        .filter(edge -> since == null || !edge.seen().lastSeen().isBefore(since))
        .sorted(Comparator.comparing((Edge edge) -> edge.seen().lastSeen()).reversed())
        .iterator();
  }
}
