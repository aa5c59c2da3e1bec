package dev.rdg.sinks.export;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import dev.rdg.sinks.GraphReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a graph as GraphML (http://graphml.graphdrawing.org), the XML that Gephi, yEd, Cytoscape and
 * networkx read. Node ids are {@code type:id}; every node and edge carries {@code type}, {@code firstSeen},
 * {@code lastSeen}, {@code count} and its properties as typed {@code <data>} (a property name that clashes
 * with those is written {@code property.NAME}; a property with values of several kinds is a string).
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("graph.graphml"))) {
 *   GraphMl.write(nodes, edges, out);
 * }
 * }</pre>
 */
public final class GraphMl {
  private static final String NS = "http://graphml.graphdrawing.org/xmlns";
  private static final Set<String> BUILT_IN = Set.of("type", "id", "firstSeen", "lastSeen", "count");

  private GraphMl() {}

  /** Writes the whole graph, sorted by key; does not close {@code out}. */
  public static void write(GraphReader graph, Writer out) throws IOException {
    List<Node> nodes = new ArrayList<>();
    graph.nodes().forEachRemaining(nodes::add);
    List<Edge> edges = new ArrayList<>();
    graph.edges().forEachRemaining(edges::add);
    write(nodes, edges, out);
  }

  /** Writes the nodes and edges, sorted by key; does not close {@code out}. */
  public static void write(List<Node> nodes, List<Edge> edges, Writer out) throws IOException {
    List<Node> sortedNodes = GraphFiles.sortedNodes(nodes);
    List<Edge> sortedEdges = GraphFiles.sortedEdges(edges);
    Map<String, String> nodeKeys = new TreeMap<>();
    sortedNodes.forEach(node -> addKinds(nodeKeys, node.seen()));
    Map<String, String> edgeKeys = new TreeMap<>();
    sortedEdges.forEach(edge -> addKinds(edgeKeys, edge.seen()));
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("graphml");
      xml.writeDefaultNamespace(NS);
      xml.writeCharacters("\n");
      writeKeys(xml, "node", "n", nodeKeys);
      writeKeys(xml, "edge", "e", edgeKeys);
      xml.writeStartElement("graph");
      xml.writeAttribute("id", "rdg");
      xml.writeAttribute("edgedefault", "directed");
      xml.writeCharacters("\n");
      for (Node node : sortedNodes) {
        xml.writeStartElement("node");
        xml.writeAttribute("id", node.ref().toString());
        writeData(xml, "n", node.ref().type(), node.ref().id(), node.seen());
        xml.writeEndElement();
        xml.writeCharacters("\n");
      }
      int index = 0;
      for (Edge edge : sortedEdges) {
        xml.writeStartElement("edge");
        xml.writeAttribute("id", "e" + index++);
        xml.writeAttribute("source", edge.ref().src().toString());
        xml.writeAttribute("target", edge.ref().dst().toString());
        writeData(xml, "e", edge.ref().type(), null, edge.seen());
        xml.writeEndElement();
        xml.writeCharacters("\n");
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write GraphML: " + e.getMessage(), e);
    }
    out.flush();
  }

  /** Records the GraphML type of each property: long, double, boolean, or string when kinds are mixed. */
  private static void addKinds(Map<String, String> kinds, Observations seen) {
    for (Map.Entry<String, Object> property : seen.properties().values().entrySet()) {
      String kind = kind(property.getValue());
      kinds.merge(attributeName(property.getKey()), kind, (a, b) -> a.equals(b) ? a : "string");
    }
  }

  private static String kind(Object value) {
    return value instanceof Long ? "long" : value instanceof Double ? "double"
        : value instanceof Boolean ? "boolean" : "string";
  }

  private static String attributeName(String property) {
    return BUILT_IN.contains(property) ? "property." + property : property;
  }

  private static void writeKeys(XMLStreamWriter xml, String kind, String prefix, Map<String, String> properties)
      throws XMLStreamException {
    writeKey(xml, kind, prefix, "type", "string");
    if (kind.equals("node")) {
      writeKey(xml, kind, prefix, "id", "string");
    }
    writeKey(xml, kind, prefix, "firstSeen", "string");
    writeKey(xml, kind, prefix, "lastSeen", "string");
    writeKey(xml, kind, prefix, "count", "long");
    for (Map.Entry<String, String> property : properties.entrySet()) {
      writeKey(xml, kind, prefix, property.getKey(), property.getValue());
    }
  }

  private static void writeKey(XMLStreamWriter xml, String kind, String prefix, String name, String type)
      throws XMLStreamException {
    xml.writeEmptyElement("key");
    xml.writeAttribute("id", prefix + "." + name);
    xml.writeAttribute("for", kind);
    xml.writeAttribute("attr.name", name);
    xml.writeAttribute("attr.type", type);
    xml.writeCharacters("\n");
  }

  private static void writeData(XMLStreamWriter xml, String prefix, String type, String id, Observations seen)
      throws XMLStreamException {
    data(xml, prefix, "type", type);
    if (id != null) {
      data(xml, prefix, "id", id);
    }
    data(xml, prefix, "firstSeen", seen.firstSeen().toString());
    data(xml, prefix, "lastSeen", seen.lastSeen().toString());
    data(xml, prefix, "count", Long.toString(seen.count()));
    for (Map.Entry<String, Object> property : new TreeMap<>(seen.properties().values()).entrySet()) {
      data(xml, prefix, attributeName(property.getKey()), String.valueOf(property.getValue()));
    }
  }

  private static void data(XMLStreamWriter xml, String prefix, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement("data");
    xml.writeAttribute("key", prefix + "." + name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }
}
