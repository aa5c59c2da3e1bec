package dev.rdg.cli;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import dev.rdg.sinks.query.Subgraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Query answers as aligned text tables for a terminal: the nodes, then the edges. */
final class QueryTable {
  private QueryTable() {}

  static String node(Node node) {
    return nodes(List.of(node));
  }

  static String subgraph(Subgraph subgraph) {
    StringBuilder out = new StringBuilder(nodes(subgraph.nodes()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SRC", "EDGE", "DST", "LAST SEEN", "COUNT", "PROPERTIES"));
    for (Edge edge : subgraph.edges()) {
      Observations seen = edge.seen();
      rows.add(
          List.of(
              edge.ref().src().toString(), edge.ref().type(), edge.ref().dst().toString(),
              seen.lastSeen().toString(), Long.toString(seen.count()), properties(seen)));
    }
    out.append('\n').append(subgraph.edges().size()).append(" edges\n").append(table(rows));
    if (subgraph.truncated()) {
      out.append("(truncated: a limit left out more)\n");
    }
    return out.toString();
  }

  private static String nodes(List<Node> nodes) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TYPE", "ID", "LAST SEEN", "COUNT", "PROPERTIES"));
    for (Node node : nodes) {
      rows.add(
          List.of(
              node.ref().type(), node.ref().id(), node.seen().lastSeen().toString(),
              Long.toString(node.seen().count()), properties(node.seen())));
    }
    return nodes.size() + " nodes\n" + table(rows);
  }

  private static String properties(Observations seen) {
    return seen.properties().values().entrySet().stream()
        .map(Map.Entry::toString)
        .collect(Collectors.joining(", "));
  }

  /** Columns padded to their widest cell (in code points, so accents and CJK line up roughly). */
  private static String table(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
