package dev.rdg.sinks;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A merged graph held in memory, for sinks that can only be read back whole (files, Kafka topics): export
 * and tests, not serving queries on large graphs.
 *
 * <pre>{@code
 * GraphReader graph = MemoryGraph.of(mergedNodes, mergedEdges);
 * }</pre>
 */
public final class MemoryGraph implements GraphReader {
  private final Map<NodeRef, Node> nodes = new LinkedHashMap<>();
  private final List<Edge> edges;

  private MemoryGraph(Collection<Node> nodes, Collection<Edge> edges) {
    nodes.forEach(node -> this.nodes.put(node.ref(), node));
    this.edges = List.copyOf(edges);
  }

  /** The graph of these merged nodes and edges. */
  public static MemoryGraph of(Collection<Node> nodes, Collection<Edge> edges) {
    return new MemoryGraph(nodes, edges);
  }

  @Override
  public Iterator<Node> nodes() {
    return nodes.values().iterator();
  }

  @Override
  public Iterator<Edge> edges() {
    return edges.iterator();
  }

  @Override
  public Optional<Node> node(NodeRef ref) {
    return Optional.ofNullable(nodes.get(ref));
  }

  @Override
  public List<Edge> outEdges(NodeRef ref) {
    return edges.stream().filter(e -> e.ref().src().equals(ref)).collect(Collectors.toList());
  }

  @Override
  public List<Edge> inEdges(NodeRef ref) {
    return edges.stream().filter(e -> e.ref().dst().equals(ref)).collect(Collectors.toList());
  }

  @Override
  public void close() {}
}
