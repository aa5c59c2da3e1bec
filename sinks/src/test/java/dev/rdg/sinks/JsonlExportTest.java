package dev.rdg.sinks;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class JsonlExportTest {
  private static final String SEEN_AT_T0 =
      "\"properties\":{},\"firstSeen\":\"2024-01-01T00:00:00.000Z\","
          + "\"lastSeen\":\"2024-01-01T00:00:00.000Z\",\"count\":1}";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Lines are sorted by their UTF-8 bytes: U+FF61 before U+1F600, which UTF-16 order puts first. */
  @Test
  public void testLinesAreSortedByUtf8Bytes() throws IOException {
    NodeRef smiley = NodeRef.of("item", "😀");
    NodeRef halfwidthStop = NodeRef.of("item", "\uFF61");
    NodeRef plain = NodeRef.of("item", "a");
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(tmp.newFolder("graph").toPath())) {
      store.upsertNodes(
          List.of(node(smiley, seen(0, 0, 1), minute(0)), node(halfwidthStop, seen(0, 0, 1), minute(0)),
              node(plain, seen(0, 0, 1), minute(0))));
      store.upsertEdges(List.of(edge("rel", plain, smiley, seen(0, 0, 1), minute(0))));

      assertEquals(
          List.of(
              "{\"kind\":\"edge\",\"type\":\"rel\",\"src\":{\"type\":\"item\",\"id\":\"a\"},"
                  + "\"dst\":{\"type\":\"item\",\"id\":\"😀\"}," + SEEN_AT_T0,
              "{\"kind\":\"node\",\"type\":\"item\",\"id\":\"a\"," + SEEN_AT_T0,
              "{\"kind\":\"node\",\"type\":\"item\",\"id\":\"\uFF61\"," + SEEN_AT_T0,
              "{\"kind\":\"node\",\"type\":\"item\",\"id\":\"😀\"," + SEEN_AT_T0),
          JsonlExport.lines(store));
    }
  }

  /** The export file is the same bytes, each line ended by \n, whatever order and batches wrote the graph. */
  @Test
  public void testExportIsByteStableWhateverTheWriteOrder() throws IOException {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      NodeRef account = NodeRef.of("account", "a" + i);
      NodeRef profile = NodeRef.of("profile", "a" + i + "/" + (i % 3));
      nodes.add(node(account, seen(i, i + 5, 2, "plan", i % 2 == 0 ? "basic" : "premium"), minute(0)));
      nodes.add(node(account, seen(60 + i, 70 + i, 1, "country", "NL"), minute(1)));
      nodes.add(node(profile, seen(i, i, 1, "kids", i % 2 == 0), minute(0)));
      edges.add(edge("has_profile", account, profile, seen(i, i, 1, "rank", (long) i), minute(0)));
    }
    Path inOrder = export("inOrder", nodes, edges, nodes.size());
    Collections.reverse(nodes);
    Collections.reverse(edges);
    Path reversed = export("reversed", nodes, edges, 1);

    byte[] bytes = Files.readAllBytes(inOrder);
    assertArrayEquals(bytes, Files.readAllBytes(reversed));
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(inOrder.resolveSibling("inOrder"))) {
      assertEquals(
          String.join("\n", JsonlExport.lines(store)) + "\n", new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** Writes the graph into a store named {@code name} in batches of {@code batch}, and exports it. */
  private Path export(String name, List<Node> nodes, List<Edge> edges, int batch) throws IOException {
    Path file = tmp.getRoot().toPath().resolve(name + ".jsonl");
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(tmp.newFolder(name).toPath())) {
      for (int i = 0; i < nodes.size(); i += batch) {
        store.upsertNodes(nodes.subList(i, Math.min(nodes.size(), i + batch)));
      }
      for (int i = 0; i < edges.size(); i += batch) {
        store.upsertEdges(edges.subList(i, Math.min(edges.size(), i + batch)));
      }
      JsonlExport.write(store, file);
    }
    return file;
  }
}
