package dev.rdg.sinks.query;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.util.List;

/**
 * A query's answer: nodes and edges in the order the query found them (a path: from its start to its end),
 * and whether a limit cut the answer short. Nodes are those the graph has a record of: an edge's end that was
 * never upserted as a node (ingest always upserts both ends) appears in the edges only.
 */
public final class Subgraph {
  private final List<Node> nodes;
  private final List<Edge> edges;
  private final boolean truncated;

  public Subgraph(List<Node> nodes, List<Edge> edges, boolean truncated) {
    this.nodes = List.copyOf(nodes);
    this.edges = List.copyOf(edges);
    this.truncated = truncated;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Edge> edges() {
    return edges;
  }

  /** Whether a per-hop limit or a node budget left out edges or nodes that the filter let through. */
  public boolean truncated() {
    return truncated;
  }

  @Override
  public String toString() {
    return "Subgraph{" + nodes.size() + " nodes, " + edges.size() + " edges" + (truncated ? ", truncated" : "")
        + "}";
  }
}
