package dev.rdg.sinks.conformance;

import static dev.rdg.sinks.TestGraphs.at;
import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.onlyRefused;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.rdg.mapping.Retention;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.GraphTags;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.RetainedGraph;
import dev.rdg.sinks.WriteGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The conformance kit every {@link GraphSink} runs: the same upserts are written through
 * {@link WriteGraph} into the sink under test and into a fresh embedded store, and both must export the
 * same {@link JsonlExport} lines. A new sink is done when a subclass of this kit passes.
 *
 * <p>Scenarios: a mutation stream over several windows, a full replay of it, a late (accumulating) pane of
 * an old window, ids with key separators and unicode, properties of every type, reading back single nodes
 * and adjacency, and finding the sink again from its URI. Every write also asserts that the sink refused
 * none of these valid upserts (its dead-letter output is empty). Each test gets an empty sink from
 * {@link #newSink()}.
 *
 * <pre>{@code
 * public class MySinkConformanceTest extends SinkConformanceKit {
 *   protected GraphSink newSink() { return GraphSinks.fromUri("mysink://" + freshDatabase()); }
 * }
 * }</pre>
 *
 * <p>Published in the test-jar of {@code rdg-sinks} ({@code <type>test-jar</type>}).
 */
public abstract class SinkConformanceKit {
  @Rule public final TemporaryFolder referenceFolder = new TemporaryFolder();

  private static final NodeRef ACCOUNT = NodeRef.of("account", "a1");
  private static final NodeRef PROFILE = NodeRef.of("profile", "a1/0");
  private static final NodeRef TITLE = NodeRef.of("title", "t:80100172");

  /** A sink with an empty graph, different for every call. */
  protected abstract GraphSink newSink() throws Exception;

  /** Three windows of nodes and edges, properties changing between windows. */
  static List<Node> streamNodes() {
    return List.of(
        node(ACCOUNT, seen(0, 30, 2, "country", "NL"), minute(0)),
        node(ACCOUNT, seen(65, 70, 1, "plan", "premium"), minute(1)),
        node(ACCOUNT, seen(125, 150, 4, "country", "DE"), minute(2)),
        node(PROFILE, seen(10, 20, 2, "name", "Kim"), minute(0)),
        node(PROFILE, seen(61, 61, 1, "name", "Kim B."), minute(1)),
        node(TITLE, seen(70, 70, 1, "title", "Stranger Things"), minute(1)));
  }

  static List<Edge> streamEdges() {
    return List.of(
        edge("has_profile", ACCOUNT, PROFILE, seen(10, 20, 2), minute(0)),
        edge("has_profile", ACCOUNT, PROFILE, seen(61, 61, 1), minute(1)),
        edge("started_watching", PROFILE, TITLE, seen(70, 110, 3, "positionSec", 120L), minute(1)),
        edge("started_watching", PROFILE, TITLE, seen(121, 121, 1, "positionSec", 3600L), minute(2)));
  }

  /** The stream exports exactly like the embedded store. */
  @Test
  public void testMutationStreamExportsLikeEmbedded() throws Exception {
    assertSameExport(newSink(), List.of(streamNodes()), List.of(streamEdges()));
  }

  /** Writing the whole stream a second time changes nothing. */
  @Test
  public void testFullReplayChangesNothing() throws Exception {
    GraphSink sink = newSink();
    write(List.of(sink), streamNodes(), streamEdges());
    List<String> first = export(sink);
    write(List.of(sink), streamNodes(), streamEdges());
    assertThat(export(sink), equalTo(first));
    assertThat(first, equalTo(reference(List.of(streamNodes()), List.of(streamEdges()))));
  }

  /** A later accumulating pane of an old window replaces that window's share instead of adding to it. */
  @Test
  public void testLatePaneReplacesItsWindowShare() throws Exception {
    GraphSink sink = newSink();
    List<Node> latePane = List.of(node(ACCOUNT, seen(0, 50, 3, "country", "BE"), minute(0)));
    List<Edge> lateEdges = List.of(edge("has_profile", ACCOUNT, PROFILE, seen(5, 40, 4), minute(0)));
    assertSameExport(sink, List.of(streamNodes(), latePane), List.of(streamEdges(), lateEdges));
    try (GraphReader graph = sink.openReader()) {
      Observations account = graph.node(ACCOUNT).orElseThrow().seen();
      assertThat("window shares 3 + 1 + 4, the late pane's 3 replacing 2", account.count(), equalTo(8L));
      assertThat(account.firstSeen(), equalTo(at(0)));
      assertThat(account.lastSeen(), equalTo(at(150)));
      assertThat(
          "country set at 150 s is later than the late pane's at 50 s",
          account.properties().values(),
          equalTo(Map.of("country", "DE", "plan", "premium")));
    }
  }

  /**
   * An earlier pane handed over after a later one of the same window (panes held back by {@code Wait.on},
   * then released together) changes nothing: a window's accumulating share only grows.
   */
  @Test
  public void testEarlierPaneAfterLaterPaneIsIgnored() throws Exception {
    GraphSink sink = newSink();
    List<Node> latePane = List.of(node(ACCOUNT, seen(0, 50, 3, "country", "BE"), minute(0)));
    List<Edge> lateEdges = List.of(edge("has_profile", ACCOUNT, PROFILE, seen(5, 40, 4), minute(0)));
    assertSameExport(
        sink, List.of(streamNodes(), latePane, streamNodes()), List.of(streamEdges(), lateEdges, streamEdges()));
    try (GraphReader graph = sink.openReader()) {
      assertThat(
          "the late pane's share (3) stays; the earlier pane (2) written after it is ignored",
          graph.node(ACCOUNT).orElseThrow().seen().count(),
          equalTo(8L));
    }
  }

  /** Ids with the key separator, escapes, quotes, spaces and unicode keep their identity. */
  @Test
  public void testIdsWithSeparatorsAndUnicode() throws Exception {
    List<String> ids =
        List.of("a|b", "a\\|b", "a\\", "|", "a:b/c", "quote\"d 'id'", "tab\tnew", "üñí 日本 🙂", "{json}");
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    NodeRef previous = null;
    for (String id : ids) {
      NodeRef ref = NodeRef.of("thing", id);
      nodes.add(node(ref, seen(1, 2, 1, "id", id), minute(0)));
      if (previous != null) {
        edges.add(edge("next", previous, ref, seen(3, 3, 1, "from", previous.id()), minute(0)));
      }
      previous = ref;
    }
    List<String> lines = assertSameExport(newSink(), List.of(nodes), List.of(edges));
    assertThat(lines, hasSize(ids.size() * 2 - 1));
  }

  /** String, long, double and boolean values, and a property whose type changes, survive the round trip. */
  @Test
  public void testPropertiesOfEveryType() throws Exception {
    NodeRef device = NodeRef.of("device", "d1");
    List<Node> nodes =
        List.of(
            node(
                device,
                seen(1, 1, 1, "model", "TV \"4K\"", "bytes", Long.MAX_VALUE, "minusOne", -1L,
                    "ratio", 0.1, "big", 1.0e300, "negativeZero", -0.0, "hdr", true, "muted", false,
                    "changes", 7L, "empty", ""),
                minute(0)),
            node(device, seen(70, 70, 1, "changes", "seven", "ratio", 2.5), minute(1)));
    List<Edge> edges =
        List.of(
            edge("streamed_from", PROFILE, device, seen(5, 5, 1, "bitrate", 4.5e6, "live", true),
                minute(0)));
    assertSameExport(newSink(), List.of(nodes), List.of(edges));
  }

  /** Single nodes and both directions of adjacency read back like the embedded store's. */
  @Test
  public void testReadsNodesAndAdjacencyLikeEmbedded() throws Exception {
    GraphSink sink = newSink();
    GraphSink reference = EmbeddedGraphSink.at(referenceFolder.newFolder().toPath());
    write(List.of(sink, reference), streamNodes(), streamEdges());
    try (GraphReader graph = sink.openReader();
        GraphReader expected = reference.openReader()) {
      for (NodeRef ref : List.of(ACCOUNT, PROFILE, TITLE, NodeRef.of("account", "absent"))) {
        assertThat(ref.toString(), graph.node(ref).map(GraphJson::line),
            equalTo(expected.node(ref).map(GraphJson::line)));
        assertThat("out of " + ref, lines(graph.outEdges(ref)), equalTo(lines(expected.outEdges(ref))));
        assertThat("into " + ref, lines(graph.inEdges(ref)), equalTo(lines(expected.inEdges(ref))));
      }
    }
  }

  /**
   * Export and reads hide what the retention policy expires (profile: last seen at 61 s, 60 s ttl, newest
   * time 150 s), keeping the unexpired edge to the expired profile; the policy is the one the sink kept, or,
   * for a sink that keeps none, the one given on open.
   */
  @Test
  public void testRetentionHidesExpiredElements() throws Exception {
    GraphSink sink = newSink();
    write(List.of(sink), streamNodes(), streamEdges());
    Retention retention =
        Retention.of(
            Map.of("profile", Duration.standardSeconds(60)), Map.of("has_profile", Duration.standardSeconds(100)));
    List<String> expected = new ArrayList<>(export(sink));
    expected.removeIf(line -> line.startsWith("{\"kind\":\"node\",\"type\":\"profile\""));
    boolean kept = sink.saveRetention(retention);
    try (GraphReader graph = RetainedGraph.open(sink, kept ? null : retention, null)) {
      assertThat(JsonlExport.lines(graph), equalTo(expected));
      assertThat(graph.node(PROFILE).isPresent(), equalTo(false));
      assertThat(graph.outEdges(ACCOUNT), hasSize(1));
    }
    if (kept) {
      assertThat(sink.savedRetention().orElseThrow(), equalTo(retention));
    }
  }

  /** The sink's URI names it again: a sink made from it reads the same graph. */
  @Test
  public void testUriNamesTheSameGraph() throws Exception {
    GraphSink sink = newSink();
    write(List.of(sink), streamNodes(), streamEdges());
    assertThat(export(GraphSinks.fromUri(sink.uri())), equalTo(export(sink)));
  }

  /**
   * Writes each batch of {@code nodeRuns}/{@code edgeRuns} in its own pipeline run, in order, into the sink
   * and into a fresh embedded store, and asserts both export the same lines; returns them.
   */
  protected List<String> assertSameExport(GraphSink sink, List<List<Node>> nodeRuns, List<List<Edge>> edgeRuns)
      throws Exception {
    GraphSink reference = EmbeddedGraphSink.at(referenceFolder.newFolder().toPath());
    for (int run = 0; run < nodeRuns.size(); run++) {
      write(List.of(sink, reference), nodeRuns.get(run), edgeRuns.get(run));
    }
    List<String> expected = export(reference);
    assertThat(sink + " exports like the embedded store", export(sink), equalTo(expected));
    return expected;
  }

  private List<String> reference(List<List<Node>> nodeRuns, List<List<Edge>> edgeRuns) throws Exception {
    GraphSink reference = EmbeddedGraphSink.at(referenceFolder.newFolder().toPath());
    for (int run = 0; run < nodeRuns.size(); run++) {
      write(List.of(reference), nodeRuns.get(run), edgeRuns.get(run));
    }
    return export(reference);
  }

  /** One pipeline run writing the same upserts into every sink through {@link WriteGraph}; none is refused. */
  protected static void write(List<GraphSink> sinks, List<Node> nodes, List<Edge> edges) {
    write(sinks, nodes, edges, refused -> {
      assertThat("dead letters of valid upserts", refused, emptyIterable());
      return null;
    });
  }

  /**
   * One pipeline run writing the same upserts into every sink through {@link WriteGraph}, with
   * {@code checkRefused} asserting (with {@code PAssert}) what each sink output as dead letters.
   */
  public static void write(
      List<GraphSink> sinks,
      List<Node> nodes,
      List<Edge> edges,
      SerializableFunction<Iterable<DeadLetter>, Void> checkRefused) {
    Pipeline pipeline = Pipeline.create(TestPipeline.testingPipelineOptions());
    PCollection<Node> nodeUpserts = pipeline.apply("Nodes", Create.of(nodes).withCoder(Node.NodeCoder.of()));
    PCollection<Edge> edgeUpserts = pipeline.apply("Edges", Create.of(edges).withCoder(Edge.EdgeCoder.of()));
    PCollectionTuple graph = PCollectionTuple.of(GraphTags.NODES, nodeUpserts).and(GraphTags.EDGES, edgeUpserts);
    for (int i = 0; i < sinks.size(); i++) {
      PCollection<DeadLetter> refused = graph.apply("WriteGraph" + i, WriteGraph.to(sinks.get(i)));
      PAssert.that("Refused" + i, refused).satisfies(checkRefused);
    }
    pipeline.run().waitUntilFinish();
  }

  /**
   * Writes ten accounts with {@code refused} among them, and an edge between two of them, into {@code sink}
   * through {@link WriteGraph}; asserts that {@code refused} is the only dead letter, refused for a reason
   * starting {@code reasonStart}, and that the rest of its batch and the edge were written.
   */
  public static void assertRefusedAlone(GraphSink sink, Node refused, String reasonStart) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(node(NodeRef.of("account", "ok" + i), seen(1, 1, 1), minute(0)));
    }
    nodes.add(5, refused);
    List<Edge> edges =
        List.of(edge("follows", NodeRef.of("account", "ok0"), NodeRef.of("account", "ok1"), seen(1, 1, 1),
            minute(0)));
    write(List.of(sink), nodes, edges, onlyRefused(sink.toString(), GraphJson.line(refused), reasonStart));
    assertThat(export(sink), hasSize(11));
  }

  /** The export lines of the sink's graph. */
  protected static List<String> export(GraphSink sink) {
    try (GraphReader graph = sink.openReader()) {
      return JsonlExport.lines(graph);
    }
  }

  private static List<String> lines(List<Edge> edges) {
    return edges.stream().map(GraphJson::line).sorted().collect(Collectors.toList());
  }
}
