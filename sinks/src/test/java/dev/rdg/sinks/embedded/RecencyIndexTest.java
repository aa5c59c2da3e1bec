package dev.rdg.sinks.embedded;

import static dev.rdg.sinks.TestGraphs.at;
import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The recency index (each node's edges most recently seen first) and the stored newest time stay what a full
 * read of the graph says, through later windows, late and stale panes, replays, and the upgrade of a store
 * written before them.
 */
@RunWith(JUnit4.class)
public class RecencyIndexTest {
  private static final NodeRef PROFILE = NodeRef.of("profile", "p1");
  private static final NodeRef X = NodeRef.of("title", "x");
  private static final NodeRef Y = NodeRef.of("title", "y");

  @Rule public final TemporaryStore graph = new TemporaryStore();

  private EmbeddedGraphStore store;

  @Before
  public void useStore() {
    store = graph.store();
  }

  /** A later window moves an edge to the front of both of its ends' latest-first lists, leaving no old entry. */
  @Test
  public void testLaterWindowMovesTheEdge() {
    store.upsertEdges(List.of(watched(X, 10, 30, 1, 0), watched(Y, 40, 50, 1, 0)));
    assertEquals(List.of("title:y@50", "title:x@30"), latestOut(PROFILE, null));

    store.upsertEdges(List.of(watched(X, 70, 90, 2, 1)));

    assertEquals(List.of("title:x@90", "title:y@50"), latestOut(PROFILE, null));
    assertEquals(List.of("profile:p1@90"), latestIn(X));
    assertIndexMatchesAdjacency(PROFILE, X, Y);
  }

  /** A later pane of a window moves the edge; an earlier pane arriving after it changes nothing. */
  @Test
  public void testLatePaneMovesTheEdgeAndStalePaneDoesNot() {
    store.upsertEdges(List.of(watched(X, 10, 30, 1, 0), watched(Y, 0, 40, 1, 0)));

    store.upsertEdges(List.of(watched(X, 10, 55, 3, 0)));
    store.upsertEdges(List.of(watched(X, 10, 20, 2, 0)));

    assertEquals(List.of("title:x@55", "title:y@40"), latestOut(PROFILE, null));
    assertEquals(3, store.scanOutEdgesLatestFirst(PROFILE, null).next().seen().count());
    assertIndexMatchesAdjacency(PROFILE, X, Y);
  }

  /** Replaying a window leaves the index as it was; a replay that narrows the window moves the edge back. */
  @Test
  public void testReplayOfTheSameWindow() {
    store.upsertEdges(List.of(watched(X, 10, 50, 4, 0), watched(Y, 0, 40, 1, 0)));
    store.upsertEdges(List.of(watched(X, 10, 50, 4, 0)));
    assertEquals(List.of("title:x@50", "title:y@40"), latestOut(PROFILE, null));

    store.upsertEdges(List.of(watched(X, 10, 20, 4, 0)));

    assertEquals(List.of("title:y@40", "title:x@20"), latestOut(PROFILE, null));
    assertIndexMatchesAdjacency(PROFILE, X, Y);
  }

  /** Several upserts of one edge in one batch leave one entry, at the merged last seen. */
  @Test
  public void testRepeatsInOneBatch() {
    store.upsertEdges(
        List.of(watched(X, 10, 20, 1, 0), watched(X, 10, 45, 2, 0), watched(X, 70, 80, 1, 1), watched(Y, 0, 60, 1, 1)));

    assertEquals(List.of("title:x@80", "title:y@60"), latestOut(PROFILE, null));
    assertIndexMatchesAdjacency(PROFILE, X, Y);
  }

  /** A scan from {@code since} returns the edges last seen at or after it, and nothing older. */
  @Test
  public void testSinceBound() {
    store.upsertEdges(List.of(watched(X, 0, 30, 1, 0), watched(Y, 0, 40, 1, 0)));

    assertEquals(List.of("title:y@40", "title:x@30"), latestOut(PROFILE, at(30)));
    assertEquals(List.of("title:y@40"), latestOut(PROFILE, at(31)));
    assertEquals(List.of(), latestOut(PROFILE, at(41)));
  }

  /**
   * Random upserts of parallel edges with equal times, later windows, late, stale and replayed panes, in
   * batches: every node's latest-first lists equal its adjacency sorted by last seen, and the stored newest
   * time is the greatest last seen upserted (a replay narrowing a window may leave it above a full read's).
   */
  @Test
  public void testRandomUpsertsKeepIndexAndNewestTimeExact() {
    Random random = new Random(3);
    List<NodeRef> refs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      refs.add(NodeRef.of(i % 2 == 0 ? "profile" : "title", "n" + i));
    }
    Instant newest = null;
    for (int batch = 0; batch < 60; batch++) {
      List<Edge> edges = new ArrayList<>();
      List<Node> nodes = new ArrayList<>();
      for (int i = random.nextInt(8); i >= 0; i--) {
        int window = random.nextInt(4);
        int first = window * 60 + random.nextInt(30);
        int last = first + random.nextInt(4) * 10;
        String type = random.nextBoolean() ? "watched" : "rated";
        edges.add(
            edge(type, refs.get(random.nextInt(6)), refs.get(random.nextInt(6)),
                seen(first, last, 1 + random.nextInt(5)), random.nextInt(5) == 0 ? null : minute(window)));
        nodes.add(node(refs.get(random.nextInt(6)), seen(first, last + 5, 1), minute(window)));
      }
      store.upsertEdges(edges);
      store.upsertNodes(nodes);
      for (Edge edge : edges) {
        newest = newest == null || edge.seen().lastSeen().isAfter(newest) ? edge.seen().lastSeen() : newest;
      }
      for (Node node : nodes) {
        newest = node.seen().lastSeen().isAfter(newest) ? node.seen().lastSeen() : newest;
      }
    }
    assertIndexMatchesAdjacency(refs.toArray(new NodeRef[0]));
    assertEquals(newest, store.newestTime());
    assertThat(fullReadNewestTime(store), lessThanOrEqualTo(newest));
  }

  /** The newest time is kept at write time, counts nodes too, equals a full read's, and is MIN at first. */
  @Test
  public void testNewestTime() {
    assertEquals(new Instant(Long.MIN_VALUE), store.newestTime());
    store.upsertEdges(List.of(watched(X, 0, 30, 1, 0)));
    store.upsertNodes(List.of(node(PROFILE, seen(0, 35, 1), minute(0))));
    store.upsertEdges(List.of(watched(Y, 0, 20, 1, 0), watched(X, 60, 70, 1, 1)));
    store.upsertNodes(List.of(node(PROFILE, seen(0, 10, 1), minute(2))));

    assertEquals(at(70), store.newestTime());
    assertEquals(fullReadNewestTime(store), store.newestTime());
  }

  /**
   * A store written before the index (format 1: no format key, no index, no newest time) is upgraded when
   * opened: the index and the newest time are what a store written now has.
   */
  @Test
  public void testFormat1StoreIsUpgradedOnOpen() throws Exception {
    store.upsertEdges(List.of(watched(X, 0, 30, 1, 0), watched(Y, 0, 40, 1, 0), watched(X, 60, 70, 1, 1)));
    store.upsertNodes(List.of(node(PROFILE, seen(0, 75, 1), minute(1))));
    graph.close();
    try (Options options = new Options(); RocksDB db = RocksDB.open(options, graph.folder().toString())) {
      for (byte namespace : new byte[] {Records.OUT_LATEST, Records.IN_LATEST, Records.META}) {
        db.deleteRange(new byte[] {namespace}, new byte[] {(byte) (namespace + 1)});
      }
    }

    store = graph.reopen();

    assertEquals(List.of("title:x@70", "title:y@40"), latestOut(PROFILE, null));
    assertIndexMatchesAdjacency(PROFILE, X, Y);
    assertEquals(at(75), store.newestTime());
  }

  /** A store of a format newer than this build is refused with a message saying so. */
  @Test
  public void testNewerFormatIsRefused() throws Exception {
    graph.close();
    try (Options options = new Options(); RocksDB db = RocksDB.open(options, graph.folder().toString())) {
      db.put(Records.FORMAT_KEY, String.valueOf(Records.FORMAT + 1).getBytes(StandardCharsets.UTF_8));
    }

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> EmbeddedGraphStore.open(graph.folder()));

    assertThat(e.getMessage(), containsString("has format 3, written by a newer rdg"));
  }

  private static Edge watched(NodeRef title, int first, int last, long count, int window) {
    return edge("watched", PROFILE, title, seen(first, last, count), minute(window));
  }

  /** Each node's latest-first lists hold exactly its edges (no stale entries), sorted by last seen. */
  private void assertIndexMatchesAdjacency(NodeRef... refs) {
    Comparator<Edge> latestFirst = Comparator.comparing((Edge edge) -> edge.seen().lastSeen()).reversed();
    for (NodeRef ref : refs) {
      List<Edge> out = new ArrayList<>(store.outEdges(ref));
      out.sort(latestFirst);
      assertEquals("out-edges of " + ref, out, list(store.scanOutEdgesLatestFirst(ref, null)));
      List<Edge> in = new ArrayList<>(store.inEdges(ref));
      in.sort(latestFirst);
      assertEquals("in-edges of " + ref, in, list(store.scanInEdgesLatestFirst(ref, null)));
    }
  }

  private static Instant fullReadNewestTime(EmbeddedGraphStore store) {
    List<Instant> times = new ArrayList<>();
    store.nodes().forEachRemaining(node -> times.add(node.seen().lastSeen()));
    store.edges().forEachRemaining(edge -> times.add(edge.seen().lastSeen()));
    return times.stream().max(Comparator.naturalOrder()).orElseThrow();
  }

  private List<String> latestOut(NodeRef ref, Instant since) {
    return describe(store.scanOutEdgesLatestFirst(ref, since), edge -> edge.ref().dst());
  }

  private List<String> latestIn(NodeRef ref) {
    return describe(store.scanInEdgesLatestFirst(ref, null), edge -> edge.ref().src());
  }

  /** "type:id@second" of each edge's other end, in order. */
  private static List<String> describe(Iterator<Edge> edges, Function<Edge, NodeRef> end) {
    return list(edges).stream()
        .map(edge -> end.apply(edge) + "@"
            + (edge.seen().lastSeen().getMillis() - at(0).getMillis()) / 1000)
        .collect(Collectors.toList());
  }

  private static <T> List<T> list(Iterator<T> iterator) {
    List<T> list = new ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
