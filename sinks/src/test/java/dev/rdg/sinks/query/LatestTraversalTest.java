package dev.rdg.sinks.query;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.MemoryGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * LATEST hops that read a hub's edges most recently seen first and stop after the limit answer exactly what
 * reading all of them answers: a hub title with 1,000 viewers, parallel edges of two types, many equal last
 * seen times, and a lookback, checked against a brute-force answer and against a graph without a recency
 * index ({@link MemoryGraph}, which reads and sorts every edge).
 */
@RunWith(JUnit4.class)
public class LatestTraversalTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static final Instant NEWEST = Instant.parse("2026-03-01T00:00:00Z");
  private static final NodeRef HUB = NodeRef.of("title", "hub");
  private static final Comparator<Edge> LATEST_FIRST =
      Comparator.comparing((Edge edge) -> edge.seen().lastSeen()).reversed()
          .thenComparing(edge -> edge.ref().key());

  private static EmbeddedGraphStore store;
  private static MemoryGraph fullRead;
  private static final List<NodeRef> PROFILES = new ArrayList<>();

  /** 1,000 profiles watching the hub (a third also rated it), each watching a few other titles too. */
  @BeforeClass
  public static void generate() {
    Random random = new Random(11);
    List<Node> nodes = new ArrayList<>(List.of(node(HUB)));
    List<Edge> edges = new ArrayList<>();
    for (int p = 0; p < 1000; p++) {
      NodeRef profile = NodeRef.of("profile", "p" + p);
      PROFILES.add(profile);
      nodes.add(node(profile));
      // Whole days within 200 days: many edges share a last seen time.
      edges.add(edge("watched", profile, HUB, random.nextInt(200)));
      if (p % 3 == 0) {
        edges.add(edge("rated", profile, HUB, random.nextInt(200)));
      }
      for (int t = random.nextInt(4); t > 0; t--) {
        NodeRef title = NodeRef.of("title", "t" + random.nextInt(50));
        nodes.add(node(title));
        edges.add(edge("watched", profile, title, random.nextInt(200)));
      }
    }
    store = EmbeddedGraphStore.open(TMP.getRoot().toPath().resolve("store"));
    store.upsertNodes(nodes);
    store.upsertEdges(edges);
    List<Node> merged = new ArrayList<>();
    store.nodes().forEachRemaining(merged::add);
    List<Edge> mergedEdges = new ArrayList<>();
    store.edges().forEachRemaining(mergedEdges::add);
    fullRead = MemoryGraph.of(merged, mergedEdges);
  }

  @AfterClass
  public static void closeStore() {
    store.close();
  }

  /** Over more pairs than the limit, one hop returns exactly the newest {@code limit}, ties broken by key. */
  @Test
  public void testHubReturnsExactlyTheNewest() {
    EdgeFilter noLookback = EdgeFilter.defaults().withLookback(null);
    for (int limit : new int[] {0, 1, 7, 300, 999, 1000, 1001}) {
      Subgraph answer = new GraphQuery(store).neighbors(HUB, noLookback, limit, Selection.LATEST);

      Answer expected = bruteForce(HUB, null, 1, limit);
      assertEquals("limit " + limit, expected.edges, keys(answer.edges()));
      assertEquals("truncated at limit " + limit, expected.truncated, answer.truncated());
    }
  }

  /** The lookback bounds the read: no edge last seen before it, and the newest of the rest. */
  @Test
  public void testLookbackIsRespected() {
    EdgeFilter lookback = EdgeFilter.defaults().withLookback(Duration.standardDays(30));
    Subgraph answer = new GraphQuery(store).neighbors(HUB, lookback, 300, Selection.LATEST);

    Answer expected = bruteForce(HUB, NEWEST.minus(Duration.standardDays(30)), 1, 300);
    assertEquals(expected.edges, keys(answer.edges()));
    assertThat(answer.edges(), hasSize(expected.edges.size()));
    assertTrue("about 150 of 1,000 viewers were seen in 30 days", expected.edges.size() < 300);
    assertFalse(answer.truncated());
  }

  /** Two hops from profiles through the hub and several titles return exactly what reading every edge does. */
  @Test
  public void testTwoHopsEqualBruteForce() {
    GraphQuery query = new GraphQuery(store);
    EdgeFilter lookback = EdgeFilter.defaults().withLookback(Duration.standardDays(60));
    Instant since = NEWEST.minus(Duration.standardDays(60));
    for (int p = 0; p < 1000; p += 37) {
      for (int limit : new int[] {3, 40, 300}) {
        Subgraph answer = query.traverse(PROFILES.get(p), lookback, 2, limit, Selection.LATEST);

        Answer expected = bruteForce(PROFILES.get(p), since, 2, limit);
        assertEquals(PROFILES.get(p) + " limit " + limit, expected.edges, keys(answer.edges()));
        assertEquals(PROFILES.get(p) + " limit " + limit, expected.truncated, answer.truncated());
      }
    }
  }

  /** Two hops with every kind of filter: the index's answer equals reading and sorting every edge. */
  @Test
  public void testTwoHopsEqualFullRead() {
    GraphQuery indexed = new GraphQuery(store);
    GraphQuery full = new GraphQuery(fullRead);
    for (EdgeFilter filter :
        List.of(
            EdgeFilter.defaults(),
            EdgeFilter.defaults().withLookback(Duration.standardDays(20)),
            EdgeFilter.defaults().withEdgeTypes(List.of("watched")),
            EdgeFilter.defaults().withAsOf(NEWEST.minus(Duration.standardDays(50))),
            EdgeFilter.defaults().withDirection(Direction.IN))) {
      for (NodeRef start : List.of(PROFILES.get(0), PROFILES.get(1), PROFILES.get(500), HUB)) {
        for (int limit : new int[] {5, 300}) {
          Subgraph a = indexed.traverse(start, filter, 2, limit, Selection.LATEST);
          Subgraph b = full.traverse(start, filter, 2, limit, Selection.LATEST);
          String what = start + " " + filter + " limit " + limit;
          assertEquals(what, keys(b.edges()), keys(a.edges()));
          assertEquals(what, b.truncated(), a.truncated());
        }
      }
    }
  }

  /** A graph without a stored newest time answers the same: the default reads it from the whole graph. */
  @Test
  public void testNewestTimeStoredEqualsFullRead() {
    assertEquals(new GraphQuery(fullRead).newestTime(), new GraphQuery(store).newestTime());
    assertEquals(NEWEST, store.newestTime());
  }

  /**
   * The traversal by brute force, as the engine answered before the recency index: every edge of every node
   * of the hop, the latest of each pair not crossed yet, sorted, cut at the limit.
   */
  private static Answer bruteForce(NodeRef start, Instant since, int hops, int limit) {
    Set<String> crossed = new HashSet<>();
    Set<NodeRef> seen = new HashSet<>(List.of(start));
    List<NodeRef> frontier = List.of(start);
    List<String> edges = new ArrayList<>();
    boolean truncated = false;
    for (int hop = 1; hop <= hops; hop++) {
      Map<String, Edge> latestPerPair = new HashMap<>();
      for (NodeRef ref : frontier) {
        List<Edge> all = new ArrayList<>(store.outEdges(ref));
        all.addAll(store.inEdges(ref));
        for (Edge edge : all) {
          String pair = pair(edge);
          if ((since == null || !edge.seen().lastSeen().isBefore(since)) && !crossed.contains(pair)) {
            latestPerPair.merge(pair, edge, (a, b) -> LATEST_FIRST.compare(a, b) <= 0 ? a : b);
          }
        }
      }
      List<Edge> sorted = new ArrayList<>(latestPerPair.values());
      sorted.sort(LATEST_FIRST);
      truncated |= sorted.size() > limit;
      List<NodeRef> next = new ArrayList<>();
      for (Edge edge : sorted.subList(0, Math.min(limit, sorted.size()))) {
        crossed.add(pair(edge));
        edges.add(edge.ref().key());
        for (NodeRef end : List.of(edge.ref().src(), edge.ref().dst())) {
          if (seen.add(end)) {
            next.add(end);
          }
        }
      }
      frontier = next;
    }
    return new Answer(edges, truncated);
  }

  private static String pair(Edge edge) {
    String src = edge.ref().src().key();
    String dst = edge.ref().dst().key();
    return src.compareTo(dst) <= 0 ? Keys.encode(src, dst) : Keys.encode(dst, src);
  }

  private static List<String> keys(List<Edge> edges) {
    return edges.stream().map(edge -> edge.ref().key()).collect(Collectors.toList());
  }

  private static Node node(NodeRef ref) {
    return Node.of(ref, seen(NEWEST), null);
  }

  private static Edge edge(String type, NodeRef src, NodeRef dst, int daysBeforeNewest) {
    return Edge.of(EdgeRef.of(type, src, dst), seen(NEWEST.minus(Duration.standardDays(daysBeforeNewest))), null);
  }

  private static Observations seen(Instant last) {
    return Observations.of(Properties.of(Map.of(), last), last.minus(Duration.standardDays(1)), last, 1);
  }

  private static final class Answer {
    final List<String> edges;
    final boolean truncated;

    Answer(List<String> edges, boolean truncated) {
      this.edges = edges;
      this.truncated = truncated;
    }
  }
}
