package dev.rdg.sinks;

import dev.rdg.mapping.Retention;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.transforms.CoalesceUpdates;
import dev.rdg.transforms.UpsertWriter;
import java.io.Serializable;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A store the graph is written to and read back from.
 *
 * <p>Writes are upserts keyed by element and window: a sink keeps, per node or edge, what each event-time
 * window saw of it ({@link Node#window()}, {@link Edge#window()}) and merges the windows into one record (min
 * first seen, max last seen, count summed over windows, properties last-write-wins). Writing the same window
 * again replaces that window's share instead of adding to it, so a late pane, a replayed input or a restarted
 * job leaves the graph as if each event had been seen once. Sinks are serializable: they travel inside the
 * pipeline to the workers, which open their connections themselves.
 *
 * <p>The write transforms output the upserts the sink refused, as {@link DeadLetter}s (stage {@code sink},
 * see {@link DeadLetter#ofSinkRecord}), in the windows of the input, as Beam IOs return their failed
 * records: a record a store rejects (after retries, and alone, not with its batch) is not lost but
 * dead-lettered. The output is empty when everything was written, and a window of it is complete only once
 * that window's upserts are written, so it also serves as the {@code Wait.on} signal (edges after nodes).
 *
 * <pre>{@code
 * GraphSink sink = GraphSinks.fromUri("embedded:./graph");
 * graph.apply(WriteGraph.to(sink));
 * pipeline.run().waitUntilFinish();
 * try (GraphReader reader = sink.openReader()) {
 *   reader.outEdges(NodeRef.of("account", "a1")).forEach(System.out::println);
 * }
 * }</pre>
 */
public interface GraphSink extends Serializable {
  /** Upserts the nodes; outputs the refused ones as dead letters, and serves as a {@code Wait.on} signal. */
  PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes();

  /** Upserts the edges; outputs the refused ones as dead letters, and serves as a {@code Wait.on} signal. */
  PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges();

  /** Opens a reader of the merged graph; the caller closes it. */
  GraphReader openReader();

  /**
   * Keeps the graph's retention policy with the graph, replacing the one kept before; {@code rdg ingest}
   * calls it when the job starts, and {@link RetainedGraph#open} applies it on read. False when this sink
   * cannot keep one: readers are then given the mapping.
   */
  default boolean saveRetention(Retention retention) {
    return false;
  }

  /** The retention policy {@link #saveRetention} kept, if any. */
  default Optional<Retention> savedRetention() {
    return Optional.empty();
  }

  /**
   * A writer for the step that coalesces, if this sink takes an edge before its end nodes (keeping them
   * itself): a bounded job then merges and writes in that one step ({@link CoalesceUpdates#writingTo})
   * instead of handing the upserts to {@link WriteGraph}. Empty by default.
   */
  default Optional<UpsertWriter> writerInStep() {
    return Optional.empty();
  }

  /**
   * Holds what the sink's writers share open until the returned hold is closed. {@code rdg ingest} holds it
   * while a job that runs in its own JVM writes, so the job's steps join one handle instead of each opening
   * and closing their own. By default it holds nothing.
   */
  default Held holdOpen() {
    return () -> {};
  }

  /** What {@link #holdOpen} holds; closing it lets go. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The URI this sink was created from, as {@link GraphSinks#fromUri} accepts it, secrets included; a sink's
   * {@code toString()} is the URI to show, with secrets masked.
   */
  String uri();
}
