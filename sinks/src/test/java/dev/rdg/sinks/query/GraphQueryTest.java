package dev.rdg.sinks.query;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.MemoryGraph;
import dev.rdg.sinks.TestGraphs;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The queries on the Netflix sample, with answers worked out by hand from {@code test-data/README.md} and
 * {@code test-data/expected/netflix.jsonl}.
 */
@RunWith(JUnit4.class)
public class GraphQueryTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static final List<String> IDENTITY = List.of("has_profile", "streamed_from", "logged_in_from");
  private static EmbeddedGraphStore store;
  private static GraphQuery query;

  @BeforeClass
  public static void loadSample() throws Exception {
    store = NetflixGraph.load(TMP.getRoot().toPath().resolve("store"));
    query = new GraphQuery(store);
  }

  @AfterClass
  public static void closeStore() {
    store.close();
  }

  private static NodeRef ref(String type, String id) {
    return NodeRef.of(type, id);
  }

  private static List<String> ids(List<Node> nodes) {
    return nodes.stream().map(node -> node.ref().toString()).collect(Collectors.toList());
  }

  private static List<String> edges(Subgraph subgraph) {
    return subgraph.edges().stream().map(Edge::ref).map(Object::toString).collect(Collectors.toList());
  }

  /** A node by key carries its merged properties and count; an unknown key is a NodeNotFoundException. */
  @Test
  public void testNodeByKey() {
    Node a1 = query.node(ref("account", "a1"));
    assertThat(a1.seen().count(), equalTo(30L));
    assertThat(a1.seen().properties().values().get("plan"), equalTo("premium"));
    NodeNotFoundException e = assertThrows(NodeNotFoundException.class, () -> query.node(ref("account", "a9")));
    assertThat(e.getMessage(), equalTo("no node account:a9 in the graph"));
  }

  /** The devices account a1 logged in from, most recently seen first (phone 22:44, tablet 22:19, TV 21:04). */
  @Test
  public void testOutNeighborsByEdgeType() {
    Subgraph devices =
        query.neighbors(
            ref("account", "a1"),
            EdgeFilter.defaults().withDirection(Direction.OUT).withEdgeTypes(List.of("logged_in_from")),
            GraphQuery.DEFAULT_EDGES_PER_HOP,
            Selection.LATEST);
    assertThat(
        ids(devices.nodes()),
        contains("account:a1", "device:d-a1-phone", "device:d-a1-tablet", "device:d-a1-tv"));
    assertThat(devices.truncated(), equalTo(false));
  }

  /** Who used the living-room TV: the account that logged in on it and the two profiles that streamed. */
  @Test
  public void testInNeighbors() {
    Subgraph users =
        query.neighbors(
            ref("device", "d-a1-tv"), EdgeFilter.defaults().withDirection(Direction.IN), 300, Selection.LATEST);
    assertThat(
        edges(users),
        contains(
            "profile:a1/1 -streamed_from-> device:d-a1-tv",
            "account:a1 -logged_in_from-> device:d-a1-tv",
            "profile:a1/0 -streamed_from-> device:d-a1-tv"));
  }

  /** A limit keeps the latest edges; three of Ana's edges tie at 22:45:10.5 and the key order breaks it. */
  @Test
  public void testLimitKeepsLatestWithDeterministicTies() {
    Subgraph two = query.neighbors(ref("profile", "a1/0"), EdgeFilter.defaults(), 2, Selection.LATEST);
    assertThat(
        edges(two),
        contains(
            "account:a1 -has_profile-> profile:a1/0",
            "profile:a1/0 -started_watching-> title:tt:0042|a"));
    assertThat(two.truncated(), equalTo(true));
  }

  /** A 30-minute lookback from the graph's newest time (22:53) keeps a1's two edges seen after 22:23. */
  @Test
  public void testLookbackFromNewestTime() {
    assertThat(query.newestTime(), equalTo(Instant.parse("2026-03-01T22:53:00Z")));
    Subgraph recent =
        query.neighbors(
            ref("account", "a1"),
            EdgeFilter.defaults().withLookback(Duration.standardMinutes(30)),
            300,
            Selection.LATEST);
    assertThat(
        edges(recent),
        contains(
            "account:a1 -has_profile-> profile:a1/0", "account:a1 -logged_in_from-> device:d-a1-phone"));
  }

  /** As of 19:30 with a one-hour lookback, a1 had only Ana and the phone: later edges did not exist yet. */
  @Test
  public void testAsOf() {
    Subgraph then =
        query.neighbors(
            ref("account", "a1"),
            EdgeFilter.defaults()
                .withAsOf(Instant.parse("2026-03-01T19:30:00Z"))
                .withLookback(Duration.standardHours(1)),
            300,
            Selection.LATEST);
    assertThat(ids(then.nodes()), containsInAnyOrder("account:a1", "profile:a1/0", "device:d-a1-phone"));
  }

  /**
   * Two hops from the TV: hop 1 reaches a1, Ana and Bram (3 edges); hop 2 adds a1's other profile and
   * devices, Ana's phone, tablet, show and game, Bram's show (10 edges; pairs already crossed are skipped).
   */
  @Test
  public void testTwoHopTraversal() {
    Subgraph sub = query.traverse(ref("device", "d-a1-tv"), EdgeFilter.defaults(), 2, 300, Selection.LATEST);
    assertThat(sub.edges(), hasSize(13));
    assertThat(
        ids(sub.nodes()),
        containsInAnyOrder(
            "device:d-a1-tv", "account:a1", "profile:a1/0", "profile:a1/1", "profile:a1/2",
            "device:d-a1-phone", "device:d-a1-tablet", "title:tt:0042|a", "title:tt:0777", "game:g:oxenfree"));
    assertThat(ids(sub.nodes()).get(0), equalTo("device:d-a1-tv"));
    assertThat(sub.truncated(), equalTo(false));
  }

  /** Per-hop limits: 5 edges in hop 2 of 10 (LATEST), or exactly one edge per hop with ANY. */
  @Test
  public void testPerHopLimitAndAnySelection() {
    Subgraph latest = query.traverse(ref("device", "d-a1-tv"), EdgeFilter.defaults(), 2, 5, Selection.LATEST);
    assertThat(latest.edges(), hasSize(3 + 5));
    assertThat(latest.truncated(), equalTo(true));
    Subgraph any = query.traverse(ref("device", "d-a1-tv"), EdgeFilter.defaults(), 2, 1, Selection.ANY);
    assertThat(any.edges(), hasSize(2));
    assertThat(any.nodes(), hasSize(3));
    assertThat("hop 1 had 3 edges, 1 kept", any.truncated(), equalTo(true));
    Subgraph all = query.traverse(ref("device", "d-a1-tv"), EdgeFilter.defaults(), 2, 300, Selection.ANY);
    assertThat(all.truncated(), equalTo(false));
  }

  /** Parallel edges (a1 and Ana's phone over has_profile and streamed_from …) are kept once per pair. */
  @Test
  public void testOneEdgePerPair() {
    Subgraph sub = query.traverse(ref("account", "a1"), EdgeFilter.defaults(), 3, 300, Selection.ANY);
    long pairs =
        sub.edges().stream()
            .map(e -> List.of(e.ref().src().key(), e.ref().dst().key()).stream().sorted().collect(Collectors.toList()))
            .distinct()
            .count();
    assertThat(pairs, equalTo((long) sub.edges().size()));
  }

  /** Bram's show from the TV is two hops: TV ← Bram → Dark. */
  @Test
  public void testShortestPath() {
    Optional<Subgraph> path =
        query.path(ref("device", "d-a1-tv"), ref("title", "tt:0777"), EdgeFilter.defaults(), 6);
    assertThat(ids(path.get().nodes()), contains("device:d-a1-tv", "profile:a1/1", "title:tt:0777"));
    assertThat(
        edges(path.get()),
        contains("profile:a1/1 -streamed_from-> device:d-a1-tv", "profile:a1/1 -started_watching-> title:tt:0777"));
  }

  /** a2 and a3 meet only in Squid Game: a2 → Marcus → the game ← José ← a3. */
  @Test
  public void testShortestPathAcrossAccounts() {
    Subgraph path = query.path(ref("account", "a2"), ref("account", "a3"), EdgeFilter.defaults(), 6).get();
    assertThat(
        ids(path.nodes()),
        contains("account:a2", "profile:a2/1", "game:g:squid-unleashed", "profile:a3/0", "account:a3"));
  }

  /** a1 reaches a4 in 8 hops (through Stranger Things, a5 and Hades): none within 6, found within 8. */
  /**
   * A search that runs out of its node budget in a hop gives up: going on from the nodes it had reached
   * would find a longer path (three hops through the first leaf) than the two-hop one it did not get to.
   */
  @Test
  public void testPathOutOfBudgetGivesUpRatherThanAnswerLonger() {
    NodeRef from = ref("hub", "from");
    NodeRef to = ref("hub", "to");
    NodeRef shortcut = ref("hub", "shortcut");
    NodeRef detour = ref("hub", "detour");
    List<Node> nodes = new java.util.ArrayList<>(List.of(
        TestGraphs.node(from, TestGraphs.seen(0, 1, 1), null),
        TestGraphs.node(to, TestGraphs.seen(0, 1, 1), null),
        TestGraphs.node(shortcut, TestGraphs.seen(0, 1, 1), null),
        TestGraphs.node(detour, TestGraphs.seen(0, 1, 1), null)));
    List<Edge> edges = new java.util.ArrayList<>();
    for (int i = 0; i <= GraphQuery.DEFAULT_MAX_NODES; i++) {
      NodeRef leaf = ref("leaf", "l" + i);
      nodes.add(TestGraphs.node(leaf, TestGraphs.seen(0, 1, 1), null));
      edges.add(TestGraphs.edge("to", from, leaf, TestGraphs.seen(0, 1, 1), null));
    }
    edges.add(TestGraphs.edge("to", from, shortcut, TestGraphs.seen(0, 1, 1), null));
    edges.add(TestGraphs.edge("to", shortcut, to, TestGraphs.seen(0, 1, 1), null));
    edges.add(TestGraphs.edge("to", ref("leaf", "l0"), detour, TestGraphs.seen(0, 1, 1), null));
    edges.add(TestGraphs.edge("to", detour, to, TestGraphs.seen(0, 1, 1), null));
    GraphQuery hubs = new GraphQuery(MemoryGraph.of(nodes, edges));
    EdgeFilter out = EdgeFilter.defaults().withDirection(Direction.OUT);

    assertThat(hubs.path(from, to, out, 6), equalTo(Optional.empty()));
    edges.subList(1, 11).clear(); // ten leaves fewer: within budget, the shortest path
    Subgraph path = new GraphQuery(MemoryGraph.of(nodes, edges)).path(from, to, out, 6).orElseThrow();
    assertThat(edges(path), hasSize(2));
    assertThat(path.nodes().get(1).ref(), equalTo(shortcut));
  }

  @Test
  public void testPathBeyondMaxHops() {
    assertThat(
        query.path(ref("account", "a1"), ref("account", "a4"), EdgeFilter.defaults(), 6).isPresent(),
        equalTo(false));
    Subgraph path = query.path(ref("account", "a1"), ref("account", "a4"), EdgeFilter.defaults(), 8).get();
    assertThat(path.edges(), hasSize(8));
    assertThat(path.nodes(), hasSize(9));
  }

  /** a6 only ever logged in from its own TV: no path to a1's TV. */
  @Test
  public void testNoPath() {
    assertThat(
        query.path(ref("account", "a6"), ref("device", "d-a1-tv"), EdgeFilter.defaults(), 20).isPresent(),
        equalTo(false));
  }

  /** The member behind the TV: account a1, its three profiles and its three devices (11 identity edges). */
  @Test
  public void testEntityBehindDevice() {
    Subgraph member =
        query.entity(ref("device", "d-a1-tv"), EdgeFilter.defaults().withEdgeTypes(IDENTITY), 1000);
    assertThat(
        ids(member.nodes()),
        containsInAnyOrder(
            "device:d-a1-tv", "account:a1", "profile:a1/0", "profile:a1/1", "profile:a1/2",
            "device:d-a1-phone", "device:d-a1-tablet"));
    assertThat(member.edges(), hasSize(11));
    assertThat(member.truncated(), equalTo(false));
    Subgraph small =
        query.entity(ref("device", "d-a1-tv"), EdgeFilter.defaults().withEdgeTypes(IDENTITY), 3);
    assertThat(small.nodes(), hasSize(3));
    assertThat(small.truncated(), equalTo(true));
  }

  /** Negative limits, bad type names and unknown nodes are refused with a clear message. */
  @Test
  public void testBadQueries() {
    IllegalArgumentException limit =
        assertThrows(
            IllegalArgumentException.class,
            () -> query.traverse(ref("account", "a1"), EdgeFilter.defaults(), 2, -1, Selection.ANY));
    assertThat(limit.getMessage(), equalTo("limit must be >= 0, but was -1"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> query.entity(ref("account", "a1"), EdgeFilter.defaults(), 0))
            .getMessage(),
        containsString("maxNodes must be >= 1"));
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> EdgeFilter.defaults().withEdgeTypes(List.of("x) DETACH DELETE n //")));
    assertThat(type.getMessage(), containsString("invalid type name"));
    assertThrows(
        IllegalArgumentException.class, () -> EdgeFilter.defaults().withLookback(Duration.millis(-1)));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("up")).getMessage(),
        containsString("out, in or both"));
    assertThrows(
        NodeNotFoundException.class,
        () -> query.path(ref("account", "a1"), ref("account", "nobody"), EdgeFilter.defaults(), 3));
  }
}
