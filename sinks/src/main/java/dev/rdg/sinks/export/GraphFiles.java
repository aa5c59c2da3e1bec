package dev.rdg.sinks.export;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the writers share: the order they write in and the types they colour. */
final class GraphFiles {
  private GraphFiles() {}

  static List<Node> sortedNodes(List<Node> nodes) {
    List<Node> sorted = new ArrayList<>(nodes);
    sorted.sort(Comparator.comparing(node -> node.ref().key()));
    return sorted;
  }

  static List<Edge> sortedEdges(List<Edge> edges) {
    List<Edge> sorted = new ArrayList<>(edges);
    sorted.sort(Comparator.comparing(edge -> edge.ref().key()));
    return sorted;
  }

  /** The node types, sorted: a type's place in this list picks its colour. */
  static List<String> nodeTypes(List<Node> nodes) {
    Set<String> types = new TreeSet<>();
    nodes.forEach(node -> types.add(node.ref().type()));
    return new ArrayList<>(types);
  }
}
