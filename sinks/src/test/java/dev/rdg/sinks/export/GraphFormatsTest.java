package dev.rdg.sinks.export;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assume.assumeTrue;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** GraphML that an XML parser reads back, and DOT that Graphviz renders, with hostile ids and values. */
@RunWith(JUnit4.class)
public class GraphFormatsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Instant T = Instant.parse("2026-03-01T19:00:00Z");
  private static final NodeRef PROFILE = NodeRef.of("profile", "a5/0");
  private static final NodeRef TITLE = NodeRef.of("title", "tt:0042|a\"<&>\\");
  private static final List<Node> NODES =
      List.of(
          Node.of(TITLE, seen(Map.of("name", "Stranger Things")), null),
          Node.of(PROFILE, seen(Map.of("name", "Nina \"Nini\"", "type", "kid", "rating", 4.5)), null));
  private static final List<Edge> EDGES =
      List.of(Edge.of(EdgeRef.of("started_watching", PROFILE, TITLE), seen(Map.of("positionSec", 20L)), null));

  private static Observations seen(Map<String, Object> properties) {
    return Observations.of(Properties.of(properties, T), T, T, 3);
  }

  /** Every node and edge, its type, times, count and typed properties come back from an XML parser. */
  @Test
  public void testGraphMlReadsBack() throws Exception {
    StringWriter out = new StringWriter();
    GraphMl.write(NODES, EDGES, out);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
    NodeList nodes = doc.getElementsByTagName("node");
    assertThat(nodes.getLength(), equalTo(2));
    assertThat(((Element) nodes.item(0)).getAttribute("id"), equalTo("profile:a5/0"));
    assertThat(((Element) nodes.item(1)).getAttribute("id"), equalTo("title:tt:0042|a\"<&>\\"));
    Element edge = (Element) doc.getElementsByTagName("edge").item(0);
    assertThat(edge.getAttribute("source"), equalTo("profile:a5/0"));
    assertThat(edge.getAttribute("target"), equalTo("title:tt:0042|a\"<&>\\"));
    String xml = out.toString();
    assertThat(xml, containsString("<key id=\"n.rating\" for=\"node\" attr.name=\"rating\" attr.type=\"double\""));
    assertThat(xml, containsString("<key id=\"e.positionSec\" for=\"edge\" attr.name=\"positionSec\" attr.type=\"long\""));
    assertThat("a property named like a built-in is renamed", xml, containsString("<data key=\"n.property.type\">kid</data>"));
    assertThat(nodes.item(0).getTextContent(), containsString("Nina \"Nini\""));
    assertThat(xml, containsString("<data key=\"e.count\">3</data>"));
  }

  /** DOT quotes and escapes ids and labels; {@code dot -Tpng} renders it (Graphviz from .ci/run). */
  @Test
  public void testDotRendersWithGraphviz() throws Exception {
    StringWriter out = new StringWriter();
    Dot.write(NODES, EDGES, out);
    String dot = out.toString();
    assertThat(dot, containsString("\"profile:a5/0\" -> \"title:tt:0042|a\\\"<&>\\\\\" [label=\"started_watching\"];"));
    assertThat(dot, containsString("[label=\"profile\\na5/0\", fillcolor=\"#8dd3c7\"]"));
    boolean haveDot = new File("/usr/bin/dot").canExecute();
    if (!haveDot && !"true".equals(System.getenv("CI"))) {
      System.out.println("SKIPPED: Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run does)");
    }
    assumeTrue("Graphviz dot is installed (required under CI=true)", haveDot || "true".equals(System.getenv("CI")));
    Path file = tmp.getRoot().toPath().resolve("graph.dot");
    Path png = tmp.getRoot().toPath().resolve("graph.png");
    Files.writeString(file, dot, StandardCharsets.UTF_8);
    Process render =
        new ProcessBuilder("dot", "-Tpng", file.toString(), "-o", png.toString()).redirectErrorStream(true).start();
    String output = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("dot finished", render.waitFor(60, TimeUnit.SECONDS), equalTo(true));
    assertThat("dot -Tpng exit code: " + output, render.exitValue(), equalTo(0));
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length, greaterThan(1000));
    assertThat("PNG signature", bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', equalTo(true));
  }
}
