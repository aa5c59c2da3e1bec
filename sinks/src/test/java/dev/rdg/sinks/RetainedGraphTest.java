package dev.rdg.sinks;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.rdg.mapping.Retention;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.query.EdgeFilter;
import dev.rdg.sinks.query.GraphQuery;
import dev.rdg.sinks.query.NodeNotFoundException;
import dev.rdg.sinks.query.Selection;
import dev.rdg.sinks.query.Subgraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link RetainedGraph}: reads, export and queries leave out exactly the elements last seen
 * before the reference minus their type's ttl. Times are seconds after {@link TestGraphs#T0}; the newest is
 * 1000 s. Policy: device 100 s, streamed_from 300 s; profile and watched never expire.
 */
@RunWith(JUnit4.class)
public class RetainedGraphTest {
  private static final NodeRef PROFILE = NodeRef.of("profile", "p1");
  private static final NodeRef OLD_PROFILE = NodeRef.of("profile", "p0");
  private static final NodeRef TV = NodeRef.of("device", "tv");
  private static final NodeRef PHONE = NodeRef.of("device", "phone");
  private static final NodeRef TITLE = NodeRef.of("title", "t1");

  private static final Retention RETENTION =
      Retention.of(
          Map.of("device", Duration.standardSeconds(100)), Map.of("streamed_from", Duration.standardSeconds(300)));

  private static final List<Node> NODES =
      List.of(
          node(PROFILE, seen(0, 1000, 3), null),
          node(OLD_PROFILE, seen(0, 1, 1), null), // no ttl: kept however old
          node(TV, seen(0, 800, 2), null), // 800 < 1000 - 100: expired
          node(PHONE, seen(0, 900, 1), null), // exactly reference - ttl: kept
          node(TITLE, seen(0, 950, 1), null));

  private static final List<Edge> EDGES =
      List.of(
          edge("streamed_from", PROFILE, TV, seen(0, 800, 2), null), // 800 >= 700: kept, its end expired
          edge("streamed_from", OLD_PROFILE, PHONE, seen(0, 600, 1), null), // expired
          edge("watched", OLD_PROFILE, TITLE, seen(0, 1, 1), null)); // no ttl

  private static GraphReader retained() {
    return RetainedGraph.of(MemoryGraph.of(NODES, EDGES), RETENTION, null);
  }

  /** The export lists the unexpired elements: the edge to the expired device stays, the device goes. */
  @Test
  public void testExportLeavesOutExpiredElements() {
    List<String> expected = new ArrayList<>();
    for (Node node : List.of(NODES.get(0), NODES.get(1), NODES.get(3), NODES.get(4))) {
      expected.add(GraphJson.line(node));
    }
    expected.add(GraphJson.line(EDGES.get(0)));
    expected.add(GraphJson.line(EDGES.get(2)));
    try (GraphReader graph = retained()) {
      assertThat(JsonlExport.lines(graph), containsInAnyOrder(expected.toArray()));
    }
  }

  /** Single reads and adjacency, listed and scanned, agree with the export. */
  @Test
  public void testReadsHideExpiredElements() {
    try (GraphReader graph = retained()) {
      assertTrue(graph.node(TV).isEmpty());
      assertTrue(graph.node(PHONE).isPresent());
      assertThat(types(graph.outEdges(OLD_PROFILE)), contains("watched"));
      assertTrue(graph.inEdges(PHONE).isEmpty());
      assertThat(types(graph.inEdges(TV)), contains("streamed_from"));
      List<Edge> scanned = new ArrayList<>();
      graph.scanOutEdges(OLD_PROFILE).forEachRemaining(scanned::add);
      assertThat(types(scanned), contains("watched"));
    }
  }

  /**
   * Queries go through the same view: an expired node is not found, a traversal crosses the kept edge to
   * the expired device but does not list the device.
   */
  @Test
  public void testQueriesHonourRetention() {
    try (GraphReader graph = retained()) {
      GraphQuery query = new GraphQuery(graph);
      assertThrows(NodeNotFoundException.class, () -> query.node(TV));
      Subgraph around =
          query.traverse(PROFILE, EdgeFilter.defaults().withLookback(null), 2, 10, Selection.LATEST);
      assertThat(around.nodes().stream().map(Node::ref).collect(Collectors.toList()), contains(PROFILE));
      assertThat(types(around.edges()), contains("streamed_from"));
      assertTrue(query.path(OLD_PROFILE, PHONE, EdgeFilter.defaults().withLookback(null), 3).isEmpty());
    }
  }

  /** An explicit reference replaces the newest time: 50 s later, the phone expires too. */
  @Test
  public void testAsOfMovesTheReference() {
    try (RetainedGraph graph =
        (RetainedGraph) RetainedGraph.of(MemoryGraph.of(NODES, EDGES), RETENTION, TestGraphs.at(1050))) {
      assertEquals(TestGraphs.at(1050), graph.reference());
      assertTrue(graph.node(PHONE).isEmpty());
      assertEquals(TestGraphs.at(1000), graph.newestTime());
    }
  }

  /** Without a policy the reader is returned as it is: no cost for graphs without retention. */
  @Test
  public void testNoPolicyIsNoWrapper() {
    GraphReader graph = MemoryGraph.of(NODES, EDGES);
    assertSame(graph, RetainedGraph.of(graph, Retention.NONE, null));
  }

  private static List<String> types(List<Edge> edges) {
    return edges.stream().map(edge -> edge.ref().type()).collect(Collectors.toList());
  }
}
