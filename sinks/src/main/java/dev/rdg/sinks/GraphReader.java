package dev.rdg.sinks;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

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

  /** Releases the reader; it throws no checked exception, so try-with-resources needs no catch. */
  @Override
  void close();
}
