package dev.rdg.sinks;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.GraphTags;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import dev.rdg.transforms.GraphCounters;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WriteGraphTest implements Serializable {
  private static final NodeRef ACCOUNT = NodeRef.of("account", "a1");
  private static final NodeRef PROFILE = NodeRef.of("profile", "p1");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** Nodes and edges land in the embedded store, merged across windows and replays, exported as expected. */
  @Test
  public void testWritesGraphIntoEmbeddedStore() throws IOException {
    EmbeddedGraphSink sink = EmbeddedGraphSink.at(tmp.newFolder("graph").toPath());
    Node firstMinute = node(ACCOUNT, seen(0, 30, 2, "plan", "basic"), minute(0));
    List<Node> nodes =
        List.of(
            firstMinute,
            node(ACCOUNT, seen(70, 80, 1, "plan", "premium"), minute(1)),
            firstMinute,
            node(PROFILE, seen(5, 5, 1), minute(0)));
    Edge hasProfile = edge("has_profile", ACCOUNT, PROFILE, seen(5, 5, 1), minute(0));

    PCollection<DeadLetter> refused = graph(nodes, List.of(hasProfile, hasProfile)).apply(WriteGraph.to(sink));
    PAssert.that(refused).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();

    try (GraphReader graph = sink.openReader()) {
      assertEquals(
          List.of(
              "{\"kind\":\"edge\",\"type\":\"has_profile\",\"src\":{\"type\":\"account\",\"id\":\"a1\"},"
                  + "\"dst\":{\"type\":\"profile\",\"id\":\"p1\"},\"properties\":{},"
                  + "\"firstSeen\":\"2024-01-01T00:00:05.000Z\",\"lastSeen\":\"2024-01-01T00:00:05.000Z\","
                  + "\"count\":1}",
              "{\"kind\":\"node\",\"type\":\"account\",\"id\":\"a1\",\"properties\":{\"plan\":\"premium\"},"
                  + "\"firstSeen\":\"2024-01-01T00:00:00.000Z\",\"lastSeen\":\"2024-01-01T00:01:20.000Z\","
                  + "\"count\":3}",
              "{\"kind\":\"node\",\"type\":\"profile\",\"id\":\"p1\",\"properties\":{},"
                  + "\"firstSeen\":\"2024-01-01T00:00:05.000Z\",\"lastSeen\":\"2024-01-01T00:00:05.000Z\","
                  + "\"count\":1}"),
          JsonlExport.lines(graph));
    }
    assertEquals(4, upserts(result, GraphCounters.NODE_UPSERTS));
    assertEquals(2, upserts(result, GraphCounters.EDGE_UPSERTS));
  }

  /** Edges are handed to the sink only once every node has been written. */
  @Test
  public void testEdgesAreWrittenAfterNodes() {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      NodeRef profile = NodeRef.of("profile", "p" + i);
      nodes.add(node(profile, seen(i, i, 1), minute(0)));
      edges.add(edge("has_profile", ACCOUNT, profile, seen(i, i, 1), minute(0)));
    }
    RecordingSink.WRITES.clear();

    graph(nodes, edges).apply(WriteGraph.to(new RecordingSink()));
    p.run().waitUntilFinish();

    List<String> expected = new ArrayList<>(Collections.nCopies(10, "node"));
    expected.addAll(Collections.nCopies(10, "edge"));
    assertEquals(expected, RecordingSink.WRITES);
  }

  /**
   * A record the store refuses even alone comes out of WriteGraph as a dead letter, with the store's reason
   * and the record's export line; the rest of its batch and the edges are written, and it is counted.
   */
  @Test
  public void testRefusedRecordIsOutputAsDeadLetterAlone() {
    RefusingSink.WRITTEN.clear();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(node(NodeRef.of("profile", "p" + i), seen(i, i, 1), minute(0)));
    }
    Node refusedNode = node(NodeRef.of("profile", "refuse-me"), seen(9, 9, 1), minute(0));
    nodes.add(2, refusedNode);
    Edge edge = edge("has_profile", ACCOUNT, PROFILE, seen(5, 5, 1), minute(0));
    String refusedLine = GraphJson.line(refusedNode);

    PCollection<DeadLetter> refused = graph(nodes, List.of(edge)).apply(WriteGraph.to(new RefusingSink()));
    PAssert.that(refused)
        .containsInAnyOrder(
            DeadLetter.ofSinkRecord(
                "refusing:", "IllegalArgumentException: refused profile refuse-me", refusedLine));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(6, RefusingSink.WRITTEN.size());
    assertEquals(1, upserts(result, GraphCounters.SINK_DEAD_LETTERS));
  }

  /** A tuple without edges is refused with a message naming the tags WriteGraph needs. */
  @Test
  public void testTupleWithoutEdgesIsRefused() {
    p.enableAbandonedNodeEnforcement(false);
    PCollectionTuple nodesOnly =
        PCollectionTuple.of(
            GraphTags.NODES,
            p.apply(Create.of(node(ACCOUNT, seen(0, 0, 1), minute(0))).withCoder(Node.NodeCoder.of())));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> nodesOnly.apply(WriteGraph.to(new RecordingSink())));

    assertEquals(
        "WriteGraph needs a PCollectionTuple with GraphTags.NODES and GraphTags.EDGES, but it has [nodes]",
        e.getMessage());
  }

  private PCollectionTuple graph(List<Node> nodes, List<Edge> edges) {
    // Explicit coders: Create infers from the elements' class (AutoValue_Node), which @DefaultCoder misses.
    return PCollectionTuple.of(
            GraphTags.NODES, p.apply("Nodes", Create.of(nodes).withCoder(Node.NodeCoder.of())))
        .and(GraphTags.EDGES, p.apply("Edges", Create.of(edges).withCoder(Edge.EdgeCoder.of())));
  }

  private static long upserts(PipelineResult result, String counter) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(GraphCounters.NAMESPACE, counter))
            .build();
    long total = 0;
    for (MetricResult<Long> upserts : result.metrics().queryMetrics(filter).getCounters()) {
      total += upserts.getAttempted();
    }
    return total;
  }

  /** A sink that records, in this JVM, the order its writes happen in; node writes are slow on purpose. */
  private static final class RecordingSink implements GraphSink {
    static final List<String> WRITES = Collections.synchronizedList(new ArrayList<>());

    @Override
    public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
      return new Record<>("node");
    }

    @Override
    public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
      return new Record<>("edge");
    }

    @Override
    public GraphReader openReader() {
      throw new UnsupportedOperationException("RecordingSink keeps no graph");
    }

    @Override
    public String uri() {
      return "recording:";
    }
  }

  private static final class Record<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
    private final String kind;

    Record(String kind) {
      this.kind = kind;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<T> upserts) {
      return upserts.apply(ParDo.of(new RecordFn<T>(kind)));
    }
  }

  private static final class RecordFn<T> extends DoFn<T, DeadLetter> {
    private final String kind;

    RecordFn(String kind) {
      this.kind = kind;
    }

    @ProcessElement
    public void processElement() throws InterruptedException {
      if (kind.equals("node")) {
        Thread.sleep(20);
      }
      RecordingSink.WRITES.add(kind);
    }
  }
}
