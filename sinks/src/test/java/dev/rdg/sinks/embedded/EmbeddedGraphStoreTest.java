package dev.rdg.sinks.embedded;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.GraphSink;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class EmbeddedGraphStoreTest {
  private static final NodeRef ACCOUNT = NodeRef.of("account", "a1");
  private static final NodeRef OTHER_ACCOUNT = NodeRef.of("account", "a2");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final Timeout timeout = Timeout.seconds(120);

  private Path folder;
  private EmbeddedGraphStore store;

  @Before
  public void openStore() throws IOException {
    folder = tmp.newFolder("graph").toPath();
    store = EmbeddedGraphStore.open(folder);
  }

  @After
  public void closeStore() {
    store.close();
  }

  /** Replaying a window's upsert leaves the count as it was. */
  @Test
  public void testReplayOfSameWindowDoesNotDoubleCount() {
    Node upsert = node(ACCOUNT, seen(0, 30, 3, "plan", "basic"), minute(0));

    store.upsertNodes(List.of(upsert));
    store.upsertNodes(List.of(upsert));

    assertEquals(merged(seen(0, 30, 3, "plan", "basic")), store.node(ACCOUNT));
  }

  /** A later pane of a window replaces that window's share instead of adding to it. */
  @Test
  public void testLaterPaneReplacesItsWindowsShare() {
    store.upsertNodes(List.of(node(ACCOUNT, seen(0, 20, 2), minute(0))));
    store.upsertNodes(List.of(node(ACCOUNT, seen(60, 60, 1), minute(1))));

    store.upsertNodes(List.of(node(ACCOUNT, seen(0, 50, 5), minute(0))));

    assertEquals(merged(seen(0, 60, 6)), store.node(ACCOUNT));
  }

  /** Two windows add their counts; first seen is the earliest, last seen the latest. */
  @Test
  public void testTwoWindowsAddUp() {
    store.upsertNodes(List.of(node(ACCOUNT, seen(70, 100, 4), minute(1))));
    store.upsertNodes(List.of(node(ACCOUNT, seen(10, 20, 2), minute(0))));

    assertEquals(merged(seen(10, 100, 6)), store.node(ACCOUNT));
  }

  /** Properties are last-write-wins by event time, whatever order their windows arrive in. */
  @Test
  public void testPropertiesLastWriteWinsAcrossWindowsInAnyOrder() throws IOException {
    Node early = node(ACCOUNT, seen(10, 20, 1, "plan", "basic", "country", "NL"), minute(0));
    Node late = node(ACCOUNT, seen(65, 70, 1, "plan", "premium"), minute(1));
    store.upsertNodes(List.of(early));
    store.upsertNodes(List.of(late));

    try (EmbeddedGraphStore reversed = EmbeddedGraphStore.open(tmp.newFolder("reversed").toPath())) {
      reversed.upsertNodes(List.of(late));
      reversed.upsertNodes(List.of(early));

      assertEquals("{country=NL, plan=premium}", store.node(ACCOUNT).get().seen().properties().toString());
      assertEquals(store.node(ACCOUNT), reversed.node(ACCOUNT));
    }
  }

  /** A share that no longer covers the one it replaces is merged again from all of the element's windows. */
  @Test
  public void testNarrowerShareIsMergedAgainFromAllWindows() {
    store.upsertNodes(List.of(node(ACCOUNT, seen(0, 50, 4, "plan", "premium"), minute(0))));
    store.upsertNodes(List.of(node(ACCOUNT, seen(60, 70, 1, "country", "NL"), minute(1))));

    store.upsertNodes(List.of(node(ACCOUNT, seen(10, 20, 4, "plan", "basic"), minute(0))));

    assertEquals(
        merged(seen(10, 20, 4, "plan", "basic").merge(seen(60, 70, 1, "country", "NL"))),
        store.node(ACCOUNT));
  }

  /**
   * The same within one batch, and with the element's other window in the database and the replaced one
   * in the batch: the merge reads the windows as the batch leaves them.
   */
  @Test
  public void testNarrowerShareIsMergedFromTheWindowsTheBatchLeaves() {
    Node wide = node(ACCOUNT, seen(0, 50, 4, "plan", "premium"), minute(0));
    Node other = node(ACCOUNT, seen(60, 70, 1, "country", "NL"), minute(1));
    Node narrower = node(ACCOUNT, seen(10, 20, 4, "plan", "basic"), minute(0));
    Observations expected = seen(10, 20, 4, "plan", "basic").merge(seen(60, 70, 1, "country", "NL"));

    store.upsertNodes(List.of(wide, other, narrower));
    assertEquals(merged(expected), store.node(ACCOUNT));

    store.upsertNodes(List.of(node(OTHER_ACCOUNT, seen(60, 70, 1, "country", "NL"), minute(1))));
    store.upsertNodes(
        List.of(
            node(OTHER_ACCOUNT, seen(0, 50, 4, "plan", "premium"), minute(0)),
            node(OTHER_ACCOUNT, seen(10, 20, 4, "plan", "basic"), minute(0))));
    assertEquals(Optional.of(Node.of(OTHER_ACCOUNT, expected, null)), store.node(OTHER_ACCOUNT));
  }

  /** An earlier pane handed over after a later one (fewer events) does not replace the later pane's share. */
  @Test
  public void testEarlierPaneAfterLaterPaneIsIgnored() {
    store.upsertNodes(List.of(node(ACCOUNT, seen(0, 40, 3, "plan", "premium"), minute(0))));

    store.upsertNodes(List.of(node(ACCOUNT, seen(0, 10, 1, "plan", "basic"), minute(0))));

    assertEquals(merged(seen(0, 40, 3, "plan", "premium")), store.node(ACCOUNT));
  }

  /** Upserts of one element in one batch see each other: a replay and a later pane within the batch. */
  @Test
  public void testOneBatchWithRepeatsOfAnElement() {
    Node firstPane = node(ACCOUNT, seen(0, 10, 1), minute(0));
    Node otherWindow = node(ACCOUNT, seen(60, 61, 2), minute(1));
    Node laterPane = node(ACCOUNT, seen(0, 40, 3), minute(0));

    store.upsertNodes(List.of(firstPane, otherWindow, firstPane, laterPane, otherWindow));

    assertEquals(merged(seen(0, 61, 5)), store.node(ACCOUNT));
  }

  /** Upserts without a window are one share of their own, so replaying them does not add up either. */
  @Test
  public void testUnwindowedUpsertIsIdempotent() {
    Node unwindowed = node(ACCOUNT, seen(0, 10, 2), null);
    store.upsertNodes(List.of(unwindowed, unwindowed));
    store.upsertNodes(List.of(node(ACCOUNT, seen(60, 60, 1), minute(1))));

    assertEquals(merged(seen(0, 60, 3)), store.node(ACCOUNT));
  }

  /** Threads writing through their own leases of one folder lose no update. */
  @Test
  public void testConcurrentWritersInOneJvmLoseNothing() throws Exception {
    int threads = 8;
    int windowsPerThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * windowsPerThread;
      writers.add(
          pool.submit(
              () -> {
                try (EmbeddedGraphStore lease = EmbeddedGraphStore.open(folder)) {
                  for (int w = first; w < first + windowsPerThread; w++) {
                    lease.upsertNodes(List.of(node(ACCOUNT, seen(w * 60, w * 60, 1), minute(w))));
                  }
                }
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();

    int windows = threads * windowsPerThread;
    assertEquals(merged(seen(0, (windows - 1) * 60, windows)), store.node(ACCOUNT));
  }

  /**
   * Writers upserting batches of many elements at once (each batch's elements in another order, so their
   * locks overlap) leave the graph one writer leaves: every node, edge, recency index and the newest time.
   */
  @Test
  public void testConcurrentBatchesOfManyElementsLeaveWhatOneWriterLeaves() throws Exception {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int w = 0; w < 40; w++) {
      for (int i = 0; i < 30; i++) {
        NodeRef profile = NodeRef.of("profile", "p" + i);
        nodes.add(node(profile, seen(w * 60, w * 60 + i, 1 + i % 3, "name", "n" + w), minute(w)));
        edges.add(
            edge("watched", profile, NodeRef.of("title", "t" + (i + w) % 7), seen(w * 60 + i, w * 60 + 59, 2), minute(w)));
      }
    }
    Collections.shuffle(nodes, new Random(3));
    Collections.shuffle(edges, new Random(4));
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      writers.add(
          pool.submit(
              () -> {
                for (int batch = first * 10; batch < nodes.size(); batch += threads * 10) {
                  store.upsertNodes(nodes.subList(batch, Math.min(nodes.size(), batch + 10)));
                  store.upsertEdges(edges.subList(batch, Math.min(edges.size(), batch + 10)));
                }
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();

    try (EmbeddedGraphStore alone = EmbeddedGraphStore.open(tmp.newFolder("alone").toPath())) {
      alone.upsertNodes(nodes);
      alone.upsertEdges(edges);
      assertEquals(list(alone.nodes()), list(store.nodes()));
      assertEquals(list(alone.edges()), list(store.edges()));
      assertEquals(alone.newestTime(), store.newestTime());
      for (int i = 0; i < 30; i++) {
        NodeRef profile = NodeRef.of("profile", "p" + i);
        assertEquals(
            list(alone.scanOutEdgesLatestFirst(profile, null)), list(store.scanOutEdgesLatestFirst(profile, null)));
      }
      for (int t = 0; t < 7; t++) {
        NodeRef title = NodeRef.of("title", "t" + t);
        assertEquals(
            list(alone.scanInEdgesLatestFirst(title, null)), list(store.scanInEdgesLatestFirst(title, null)));
      }
      assertEquals(30, list(store.nodes()).size());
      assertEquals(30 * 7, list(store.edges()).size());
    }
  }

  /**
   * Edges upserted before their end nodes ({@link EmbeddedGraphStore#upsertGraph}) show their end nodes at
   * once, as implied nodes (count 0, the edge's times, no properties), and never over a node already
   * there; once the nodes are upserted the store is the one nodes-then-edges leaves, recency index and
   * newest time included.
   */
  @Test
  public void testEdgesBeforeTheirNodesLeaveWhatNodesFirstLeave() throws IOException {
    NodeRef profile = NodeRef.of("profile", "p1");
    NodeRef title = NodeRef.of("title", "t1");
    Node profileNode = node(profile, seen(0, 50, 4, "name", "Ann"), minute(0));
    Node titleNode = node(title, seen(10, 40, 2, "name", "Dune"), minute(0));
    Node laterTitle = node(title, seen(60, 70, 1), minute(1));
    Edge watched = edge("watched", profile, title, seen(10, 40, 2, "positionSec", 40), minute(0));
    Edge watchedLater = edge("watched", profile, title, seen(60, 70, 1, "positionSec", 70), minute(1));

    store.upsertGraph(List.of(), List.of(watched));

    assertEquals(Optional.of(Node.of(title, seen(10, 40, 1).withCount(0), null)), store.node(title));
    assertEquals(Optional.of(Node.of(profile, seen(10, 40, 1).withCount(0), null)), store.node(profile));
    store.upsertGraph(List.of(profileNode, titleNode), List.of(watchedLater));
    assertEquals(Optional.of(Node.of(title, seen(10, 40, 2, "name", "Dune"), null)), store.node(title));
    store.upsertGraph(List.of(laterTitle), List.of());
    try (EmbeddedGraphStore ordered = EmbeddedGraphStore.open(tmp.newFolder("ordered").toPath())) {
      ordered.upsertNodes(List.of(profileNode, titleNode, laterTitle));
      ordered.upsertEdges(List.of(watched, watchedLater));
      assertEquals(list(ordered.nodes()), list(store.nodes()));
      assertEquals(list(ordered.edges()), list(store.edges()));
      assertEquals(ordered.newestTime(), store.newestTime());
      assertEquals(list(ordered.scanOutEdgesLatestFirst(profile, null)), list(store.scanOutEdgesLatestFirst(profile, null)));
      assertEquals(list(ordered.scanInEdgesLatestFirst(title, null)), list(store.scanInEdgesLatestFirst(title, null)));
    }
  }

  /** Edges are found from both ends; ids with separators, quotes or unicode never leak into another scan. */
  @Test
  public void testAdjacencyBothDirectionsWithHostileIds() {
    String[] ids = {"a", "a|b", "a|", "a\\", "a\\|b", "a:b", "\"a\"", "ü漢😀", "a b"};
    List<Edge> follows = new ArrayList<>();
    List<Node> users = new ArrayList<>();
    for (String id : ids) {
      users.add(node(NodeRef.of("user", id), seen(0, 0, 1, "name", id), minute(0)));
      follows.add(edge("follows", NodeRef.of("user", id), NodeRef.of("item", id), seen(0, 0, 1), minute(0)));
    }
    Edge likes = edge("likes", NodeRef.of("user", "a"), NodeRef.of("user", "a|b"), seen(0, 0, 1), minute(0));
    store.upsertNodes(users);
    store.upsertEdges(follows);
    store.upsertEdges(List.of(likes));

    for (int i = 0; i < ids.length; i++) {
      NodeRef user = NodeRef.of("user", ids[i]);
      Edge merged = mergedEdge(follows.get(i));
      List<Edge> expectedOut = ids[i].equals("a") ? List.of(merged, mergedEdge(likes)) : List.of(merged);
      List<Edge> expectedIn = ids[i].equals("a|b") ? List.of(mergedEdge(likes)) : List.of();
      assertEquals("out of " + user, expectedOut, store.outEdges(user));
      assertEquals("in of " + user, expectedIn, store.inEdges(user));
      assertEquals("in of item " + ids[i], List.of(merged), store.inEdges(NodeRef.of("item", ids[i])));
      assertEquals(Optional.of(Node.of(user, users.get(i).seen(), null)), store.node(user));
    }
    assertEquals(List.of(), store.outEdges(NodeRef.of("item", "a")));
  }

  /** Data, window shares included, survive closing the store and opening it again. */
  @Test
  public void testReopenAfterCloseKeepsData() {
    Node upsert = node(ACCOUNT, seen(0, 30, 3), minute(0));
    store.upsertNodes(List.of(upsert));
    store.close();

    store = EmbeddedGraphStore.open(folder);
    store.upsertNodes(List.of(upsert));

    assertEquals(merged(seen(0, 30, 3)), store.node(ACCOUNT));
  }

  /** A closed lease refuses reads while other leases of the same folder go on. */
  @Test
  public void testClosedLeaseIsRefusedWhileOthersGoOn() {
    EmbeddedGraphStore other = EmbeddedGraphStore.open(folder.resolve("..").resolve("graph"));
    other.upsertNodes(List.of(node(ACCOUNT, seen(0, 30, 3), minute(0))));
    other.close();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.node(ACCOUNT));
    assertEquals("embedded store " + folder.resolve("..").resolve("graph") + " is closed", e.getMessage());
    assertEquals(merged(seen(0, 30, 3)), store.node(ACCOUNT));
  }

  /** Another process holding the folder makes open fail with a message that says what to do. */
  @Test
  public void testFolderHeldByAnotherProcessIsRefused() throws Exception {
    store.close();
    Process holder = startHolder();
    try {
      assertEquals("ready 0", firstLine(holder));

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> EmbeddedGraphStore.open(folder));

      assertEquals(
          "embedded store " + folder + " is in use by another process (RocksDB lock held); stop that process "
              + "or use another path",
          e.getMessage());
    } finally {
      stop(holder);
    }
  }

  /** The database closes with the JVM's last lease: only then can another process open the folder. */
  @Test
  public void testLastLeaseReleasesTheFolder() throws Exception {
    EmbeddedGraphStore second = EmbeddedGraphStore.open(folder);
    second.upsertNodes(List.of(node(ACCOUNT, seen(0, 30, 3), minute(0))));
    store.close();

    assertRefusedToAnotherProcess();

    second.close();
    assertOpensInAnotherProcessWithNodes(1);
  }

  /**
   * The sink's hold keeps the database open when the job's leases close (the nodes' writers, before the
   * edges' open theirs), with what they wrote; closing the hold releases the folder.
   */
  @Test
  public void testSinkHoldKeepsTheDatabaseOpenBetweenLeases() throws Exception {
    store.close();
    GraphSink.Held held = EmbeddedGraphSink.at(folder).holdOpen();
    try (EmbeddedGraphStore nodesWriter = EmbeddedGraphStore.open(folder)) {
      nodesWriter.upsertNodes(List.of(node(ACCOUNT, seen(0, 30, 3), minute(0))));
    }

    assertRefusedToAnotherProcess();
    try (EmbeddedGraphStore edgesWriter = EmbeddedGraphStore.open(folder)) {
      assertEquals(merged(seen(0, 30, 3)), edgesWriter.node(ACCOUNT));
    }

    held.close();
    assertOpensInAnotherProcessWithNodes(1);
  }

  private static <T> List<T> list(Iterator<T> scan) {
    List<T> list = new ArrayList<>();
    scan.forEachRemaining(list::add);
    return list;
  }

  private static Optional<Node> merged(Observations seen) {
    return Optional.of(Node.of(ACCOUNT, seen, null));
  }

  private static Edge mergedEdge(Edge upsert) {
    return Edge.of(upsert.ref(), upsert.seen(), null);
  }

  private void assertRefusedToAnotherProcess() throws Exception {
    Process refused = startHolder();
    assertEquals(
        "failed embedded store " + folder + " is in use by another process (RocksDB lock held); stop that "
            + "process or use another path",
        firstLine(refused));
    stop(refused);
  }

  private void assertOpensInAnotherProcessWithNodes(int nodes) throws Exception {
    Process holder = startHolder();
    try {
      assertEquals("ready " + nodes, firstLine(holder));
    } finally {
      stop(holder);
    }
  }

  private Process startHolder() throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            HoldStoreMain.class.getName(),
            folder.toString())
        .redirectError(new File(tmp.getRoot(), "holder-stderr.txt"))
        .start();
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  private static void stop(Process process) throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
