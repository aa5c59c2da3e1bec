package dev.rdg.sinks.embedded;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.rdg.mapping.Retention;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.RetainedGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link ExpirySweep}: after a sweep the store holds exactly what {@link RetainedGraph} showed
 * before it, the expired elements' window shares are gone too, and the folder shrinks.
 */
@RunWith(JUnit4.class)
public class ExpirySweepTest {
  /** device: 10 min, streamed_from: 20 min; profiles never expire. Newest time: minute 60. */
  private static final Retention RETENTION =
      Retention.of(
          Map.of("device", Duration.standardMinutes(10)), Map.of("streamed_from", Duration.standardMinutes(20)));

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * Device i is last seen at minute i (i < 60); devices before minute 50 expire, edges before minute 40;
   * profile 0 is seen at minute 60.
   */
  private static void fill(EmbeddedGraphStore store, int devices, String padding) {
    NodeRef profile = NodeRef.of("profile", "p0");
    List<Node> nodes = new ArrayList<>(List.of(node(profile, seen(3600, 3600, 1), minute(60))));
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      int minute = i % 60;
      NodeRef device = NodeRef.of("device", "d" + i);
      nodes.add(node(device, seen(minute * 60, minute * 60, 1, "pad", padding), minute(minute)));
      edges.add(edge("streamed_from", profile, device, seen(minute * 60, minute * 60, 1, "pad", padding), minute(minute)));
    }
    store.upsertNodes(nodes);
    store.upsertEdges(edges);
  }

  /** The sweep deletes exactly what the retained view hid: the export after equals the view before. */
  @Test
  public void testSweepLeavesWhatRetentionShowed() throws Exception {
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(tmp.newFolder().toPath())) {
      fill(store, 120, "x");
      List<String> shown = JsonlExport.lines(RetainedGraph.of(store, RETENTION, null));

      ExpirySweep.Result result = ExpirySweep.run(store, RETENTION, null);

      assertThat(JsonlExport.lines(store), equalTo(shown));
      // Minutes 0..49 of 0..59, twice over: 100 of 120 devices; edges of minutes 0..39: 80 of 120.
      assertEquals(100, result.nodesDeleted);
      assertEquals(121, result.nodesScanned);
      assertEquals(80, result.edgesDeleted);
      assertEquals(120, result.edgesScanned);
      assertEquals(21 + 40, shown.size());
      assertTrue("adjacency of expired edges is gone both ways",
          store.inEdges(NodeRef.of("device", "d0")).isEmpty());
      assertEquals(1, store.inEdges(NodeRef.of("device", "d45")).size());
    }
  }

  /**
   * A swept element seen again starts afresh: its old window shares were deleted with it, so its count is
   * the new window's alone, not the old one's plus the new one's.
   */
  @Test
  public void testSweptElementSeenAgainStartsAfresh() throws Exception {
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(tmp.newFolder().toPath())) {
      fill(store, 60, "x");
      ExpirySweep.run(store, RETENTION, null);
      NodeRef device = NodeRef.of("device", "d0");
      store.upsertNodes(List.of(node(device, seen(3590, 3590, 2), minute(59))));
      store.upsertNodes(List.of(node(device, seen(3590, 3590, 2), minute(59))));
      assertEquals(2, store.node(device).orElseThrow().seen().count());
      assertEquals(seen(3590, 3590, 2).firstSeen(), store.node(device).orElseThrow().seen().firstSeen());
    }
  }

  /** Nothing expired: nothing deleted, the export unchanged. */
  @Test
  public void testNothingExpiredChangesNothing() throws Exception {
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(tmp.newFolder().toPath())) {
      fill(store, 30, "x");
      List<String> before = JsonlExport.lines(store);
      ExpirySweep.Result result =
          ExpirySweep.run(store, Retention.of(Map.of("device", Duration.standardDays(1)), Map.of()), null);
      assertEquals(0, result.nodesDeleted + result.edgesDeleted);
      assertThat(JsonlExport.lines(store), equalTo(before));
    }
  }

  /** The folder shrinks: the deleted records' space is compacted away, not only marked deleted. */
  @Test
  public void testSweepFreesDiskSpace() throws Exception {
    Path folder = tmp.newFolder().toPath();
    String padding = "p".repeat(500);
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(folder)) {
      fill(store, 6000, padding);
      store.exclusively(db -> {
        db.compactRange();
        return null;
      });
      long before = ExpirySweep.diskSize(folder);
      ExpirySweep.run(store, RETENTION, null);
      long after = ExpirySweep.diskSize(folder);
      assertThat("bytes after the sweep of 5/6 of the devices, before: " + before, after, lessThan(before / 2));
    }
  }
}
