package dev.rdg.sinks.export;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes a graph in Graphviz's DOT language: a {@code digraph}, nodes filled with one colour per type and
 * labelled {@code type\nid}, edges labelled with their type. Node names are the nodes' {@code type:id},
 * quoted and escaped, so any id is safe.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("graph.dot"))) {
 *   Dot.write(nodes, edges, out);       // then: dot -Tpng graph.dot -o graph.png
 * }
 * }</pre>
 */
public final class Dot {
  /** ColorBrewer Set3: twelve light colours that keep black labels readable. */
  static final List<String> PALETTE =
      List.of(
          "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
          "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f");

  private Dot() {}

  /** Writes the nodes and edges, sorted by key; does not close {@code out}. */
  public static void write(List<Node> nodes, List<Edge> edges, Writer out) throws IOException {
    List<String> types = GraphFiles.nodeTypes(nodes);
    out.write("digraph rdg {\n");
    out.write("  graph [rankdir=LR];\n");
    out.write("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    out.write("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (Node node : GraphFiles.sortedNodes(nodes)) {
      String type = node.ref().type();
      out.write("  " + quote(node.ref().toString()) + " [label=" + quote(type + "\n" + node.ref().id())
          + ", fillcolor=\"" + PALETTE.get(types.indexOf(type) % PALETTE.size()) + "\"];\n");
    }
    for (Edge edge : GraphFiles.sortedEdges(edges)) {
      out.write("  " + quote(edge.ref().src().toString()) + " -> " + quote(edge.ref().dst().toString())
          + " [label=" + quote(edge.ref().type()) + "];\n");
    }
    out.write("}\n");
    out.flush();
  }

  /** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's {@code \n}. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c == '\n') {
        quoted.append("\\n");
      } else if (c != '\r') {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
