package dev.rdg.sinks.file;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.TestGraphs;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import dev.rdg.sinks.export.GraphMl;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The file sink passes the conformance kit, and the GraphML it writes is the same graph. */
@RunWith(JUnit4.class)
public class FileSinkConformanceTest extends SinkConformanceKit {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Override
  protected GraphSink newSink() throws Exception {
    return GraphSinks.fromUri("file:" + folder.newFolder().toPath());
  }

  /**
   * After a pipeline, graph.jsonl is the export and graph.graphml, parsed by the JDK's XML parser, holds
   * every node and edge with its type, count and typed properties.
   */
  @Test
  public void testWritesJsonlAndGraphMl() throws Exception {
    Path dir = folder.newFolder().toPath();
    GraphSink sink = GraphSinks.fromUri("file:" + dir);
    NodeRef odd = NodeRef.of("thing", "ü|日本 \"🙂\" <&>");
    NodeRef plain = NodeRef.of("thing", "t1");
    List<Node> nodes =
        List.of(
            TestGraphs.node(odd, TestGraphs.seen(1, 2, 2, "size", 3L, "ok", true), TestGraphs.minute(0)),
            TestGraphs.node(plain, TestGraphs.seen(1, 1, 1, "size", "big", "ratio", 0.5), TestGraphs.minute(0)));
    List<Edge> edges =
        List.of(TestGraphs.edge("likes", odd, plain, TestGraphs.seen(2, 2, 1, "w", 1.5), TestGraphs.minute(0)));
    write(List.of(sink), nodes, edges);

    assertThat(
        Files.readAllLines(dir.resolve("graph.jsonl"), StandardCharsets.UTF_8), equalTo(export(sink)));

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    Document doc = factory.newDocumentBuilder().parse(dir.resolve("graph.graphml").toFile());
    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName(), equalTo("graphml"));
    assertThat(root.getNamespaceURI(), equalTo("http://graphml.graphdrawing.org/xmlns"));

    Map<String, String> keyNames = new HashMap<>();
    Map<String, String> keyTypes = new HashMap<>();
    NodeList keys = doc.getElementsByTagNameNS("*", "key");
    for (int i = 0; i < keys.getLength(); i++) {
      Element key = (Element) keys.item(i);
      keyNames.put(key.getAttribute("id"), key.getAttribute("for") + "." + key.getAttribute("attr.name"));
      keyTypes.put(key.getAttribute("for") + "." + key.getAttribute("attr.name"), key.getAttribute("attr.type"));
    }
    assertThat("size is a long and a string: string", keyTypes.get("node.size"), equalTo("string"));
    assertThat(keyTypes.get("node.ok"), equalTo("boolean"));
    assertThat(keyTypes.get("edge.w"), equalTo("double"));

    NodeList graphNodes = doc.getElementsByTagNameNS("*", "node");
    assertThat(graphNodes.getLength(), equalTo(2));
    Map<String, Map<String, String>> byId = new HashMap<>();
    for (int i = 0; i < graphNodes.getLength(); i++) {
      Element node = (Element) graphNodes.item(i);
      byId.put(node.getAttribute("id"), data(node, keyNames));
    }
    Map<String, String> oddData = byId.get(odd.toString());
    assertThat(oddData.get("node.id"), equalTo(odd.id()));
    assertThat(oddData.get("node.type"), equalTo("thing"));
    assertThat(oddData.get("node.count"), equalTo("2"));
    assertThat(oddData.get("node.size"), equalTo("3"));

    NodeList graphEdges = doc.getElementsByTagNameNS("*", "edge");
    assertThat(graphEdges.getLength(), equalTo(1));
    Element edge = (Element) graphEdges.item(0);
    assertThat(edge.getAttribute("source"), equalTo(odd.toString()));
    assertThat(edge.getAttribute("target"), equalTo(plain.toString()));
    assertThat(data(edge, keyNames).get("edge.type"), equalTo("likes"));
    assertThat(data(edge, keyNames).get("edge.w"), equalTo("1.5"));

    StringWriter exported = new StringWriter();
    try (GraphReader graph = sink.openReader()) {
      GraphMl.write(graph, exported);
    }
    assertThat(
        "graph.graphml is what rdg export --format=graphml writes",
        Files.readString(dir.resolve("graph.graphml"), StandardCharsets.UTF_8),
        equalTo(exported.toString()));
  }

  private static Map<String, String> data(Element element, Map<String, String> keyNames) {
    Map<String, String> data = new HashMap<>();
    NodeList children = element.getElementsByTagNameNS("*", "data");
    for (int i = 0; i < children.getLength(); i++) {
      Element d = (Element) children.item(i);
      data.put(keyNames.get(d.getAttribute("key")), d.getTextContent());
    }
    return data;
  }
}
