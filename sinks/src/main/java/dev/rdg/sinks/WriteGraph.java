package dev.rdg.sinks;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphTags;
import dev.rdg.transforms.GraphCounters;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Writes the coalesced graph into a {@link GraphSink}: the nodes first, then the edges, so a store never
 * holds an edge whose end nodes it has not been given.
 *
 * <p>The input holds the nodes under {@link GraphTags#NODES} and the edges under {@link GraphTags#EDGES}, as
 * {@code CoalesceUpdates} emits them. The edges of a window are written once the nodes of that window are
 * ({@link Wait#on}); on bounded input, once all nodes are. Every upsert handed to the sink is counted in the
 * metrics {@code rdg/nodeUpserts} and {@code rdg/edgeUpserts}. The output holds the nodes and edges the sink
 * refused, as dead letters in the windows of the upserts ({@link GraphSink}); it is complete once everything
 * is written, so it can be waited on in turn.
 *
 * <pre>{@code
 * PCollectionTuple graph = PCollectionTuple.of(GraphTags.NODES, nodes).and(GraphTags.EDGES, edges);
 * PCollection<DeadLetter> refused =
 *     graph.apply("WriteGraph", WriteGraph.to(GraphSinks.fromUri("embedded:./graph")));
 * }</pre>
 */
public final class WriteGraph extends PTransform<PCollectionTuple, PCollection<DeadLetter>> {
  private final GraphSink sink;

  private WriteGraph(GraphSink sink) {
    this.sink = sink;
  }

  /** Writes into {@code sink}. */
  public static WriteGraph to(GraphSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("WriteGraph.to(sink): sink is null");
    }
    return new WriteGraph(sink);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollectionTuple graph) {
    if (!graph.has(GraphTags.NODES) || !graph.has(GraphTags.EDGES)) {
      throw new IllegalArgumentException(
          "WriteGraph needs a PCollectionTuple with GraphTags.NODES and GraphTags.EDGES, but it has "
              + graph.getAll().keySet().stream()
                  .map(TupleTag::getId)
                  .sorted()
                  .collect(Collectors.toList()));
    }
    PCollection<DeadLetter> nodesRefused =
        counted(graph.get(GraphTags.NODES), "CountNodeUpserts", GraphCounters.NODE_UPSERTS)
            .apply("WriteNodes", sink.writeNodes());
    PCollection<Edge> edges =
        counted(graph.get(GraphTags.EDGES), "CountEdgeUpserts", GraphCounters.EDGE_UPSERTS);
    // Wait.on infers its output coder from the element type; the input's coder is the one to keep.
    PCollection<DeadLetter> edgesRefused =
        edges
            .apply("WaitForNodes", Wait.on(nodesRefused))
            .setCoder(edges.getCoder())
            .apply("WriteEdges", sink.writeEdges());
    return PCollectionList.of(nodesRefused).and(edgesRefused).apply("Refused", Flatten.pCollections());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    // toString, not uri(): sinks mask their secrets there.
    builder.add(DisplayData.item("sink", sink.toString()).withLabel("Graph sink"));
  }

  private static <T> PCollection<T> counted(PCollection<T> upserts, String step, String counter) {
    return upserts.apply(step, ParDo.of(new CountFn<T>(counter))).setCoder(upserts.getCoder());
  }

  /** Passes every element on, counting it in {@code rdg/<name>}. */
  private static final class CountFn<T> extends DoFn<T, T> {
    private final Counter counter;

    CountFn(String name) {
      this.counter = GraphCounters.counter(name);
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      counter.inc();
      c.output(c.element());
    }
  }
}
