package dev.rdg.sinks.file;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import dev.rdg.sinks.GraphReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a graph as GraphML (graphml.graphdrawing.org), the format Gephi, yEd, NetworkX and TinkerPop
 * read: node ids are the model's keys, every node and edge carries {@code type}, {@code firstSeen},
 * {@code lastSeen}, {@code count} and its properties as typed {@code <data>} (a property with values of two
 * types is written as a string); nodes also carry {@code id} and a {@code label} ({@code type:id}) for
 * display.
 */
final class GraphMl {
  static final String NAMESPACE = "http://graphml.graphdrawing.org/xmlns";

  private GraphMl() {}

  static void write(GraphReader graph, Path file) throws IOException {
    List<Node> nodes = new ArrayList<>();
    graph.nodes().forEachRemaining(nodes::add);
    nodes.sort((a, b) -> a.ref().key().compareTo(b.ref().key()));
    List<Edge> edges = new ArrayList<>();
    graph.edges().forEachRemaining(edges::add);
    edges.sort((a, b) -> a.ref().key().compareTo(b.ref().key()));
    Map<String, String> nodeKeys = propertyKeys(nodes.stream().map(Node::seen).iterator());
    Map<String, String> edgeKeys = propertyKeys(edges.stream().map(Edge::seen).iterator());
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("graphml");
      xml.writeDefaultNamespace(NAMESPACE);
      for (String scope : List.of("node", "edge")) {
        key(xml, scope + "_type", scope, "type", "string");
        key(xml, scope + "_firstSeen", scope, "firstSeen", "string");
        key(xml, scope + "_lastSeen", scope, "lastSeen", "string");
        key(xml, scope + "_count", scope, "count", "long");
      }
      key(xml, "node_id", "node", "id", "string");
      key(xml, "node_label", "node", "label", "string");
      declare(xml, nodeKeys, "node", "n");
      declare(xml, edgeKeys, "edge", "e");
      xml.writeStartElement("graph");
      xml.writeAttribute("id", "rdg");
      xml.writeAttribute("edgedefault", "directed");
      for (Node node : nodes) {
        xml.writeStartElement("node");
        xml.writeAttribute("id", node.ref().key());
        data(xml, "node_type", node.ref().type());
        data(xml, "node_id", node.ref().id());
        data(xml, "node_label", node.ref().toString());
        observations(xml, "node", "n", nodeKeys, node.seen());
        xml.writeEndElement();
      }
      int e = 0;
      for (Edge edge : edges) {
        xml.writeStartElement("edge");
        xml.writeAttribute("id", "e" + e++);
        xml.writeAttribute("source", edge.ref().src().key());
        xml.writeAttribute("target", edge.ref().dst().key());
        data(xml, "edge_type", edge.ref().type());
        observations(xml, "edge", "e", edgeKeys, edge.seen());
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write GraphML " + file + ": " + e.getMessage(), e);
    }
  }

  /** The GraphML type of each property name: one type if all its values have it, else string. */
  private static Map<String, String> propertyKeys(Iterator<Observations> seen) {
    Map<String, String> types = new TreeMap<>();
    seen.forEachRemaining(
        s -> s.properties().values().forEach((name, value) -> types.merge(name, type(value),
            (a, b) -> a.equals(b) ? a : "string")));
    return types;
  }

  private static String type(Object value) {
    if (value instanceof Long) {
      return "long";
    } else if (value instanceof Double) {
      return "double";
    } else if (value instanceof Boolean) {
      return "boolean";
    }
    return "string";
  }

  private static void declare(XMLStreamWriter xml, Map<String, String> keys, String scope, String prefix)
      throws XMLStreamException {
    int i = 0;
    for (Map.Entry<String, String> key : keys.entrySet()) {
      key(xml, prefix + i++, scope, key.getKey(), key.getValue());
    }
  }

  private static void key(XMLStreamWriter xml, String id, String scope, String name, String type)
      throws XMLStreamException {
    xml.writeEmptyElement("key");
    xml.writeAttribute("id", id);
    xml.writeAttribute("for", scope);
    xml.writeAttribute("attr.name", name);
    xml.writeAttribute("attr.type", type);
  }

  private static void observations(
      XMLStreamWriter xml, String scope, String prefix, Map<String, String> keys, Observations seen)
      throws XMLStreamException {
    data(xml, scope + "_firstSeen", seen.firstSeen().toString());
    data(xml, scope + "_lastSeen", seen.lastSeen().toString());
    data(xml, scope + "_count", Long.toString(seen.count()));
    Map<String, Integer> index = new LinkedHashMap<>();
    keys.keySet().forEach(name -> index.put(name, index.size()));
    for (Map.Entry<String, Object> property : seen.properties().values().entrySet()) {
      data(xml, prefix + index.get(property.getKey()), String.valueOf(property.getValue()));
    }
  }

  private static void data(XMLStreamWriter xml, String key, String value) throws XMLStreamException {
    xml.writeStartElement("data");
    xml.writeAttribute("key", key);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }
}
