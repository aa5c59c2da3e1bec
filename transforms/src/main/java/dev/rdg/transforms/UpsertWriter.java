package dev.rdg.transforms;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.io.Serializable;
import java.util.List;

/**
 * Opens a worker's session of batched upserts to a sink: a step buffers its upserts in {@link UpsertBatches},
 * which hands the session a batch at a time. The merging step of {@link CoalesceUpdates#writingTo} writes
 * with one, and so can a sink's own writing step (the embedded sink's, after {@code WriteGraph}'s wait for
 * the nodes).
 *
 * <p>A writer for {@link CoalesceUpdates#writingTo} must take edges before their end nodes, keeping an
 * edge's end nodes itself when they are not written yet: that step writes nodes and edges in the order it
 * merges them. Writing there pays for a bounded job: handing the upserts on to a writing step costs Flink's
 * batch runner an encoding and a decoding of every upsert for each kind it splits them into, and a step that
 * waits for the nodes before the edges (BENCHMARKS.md).
 *
 * <p>A failed write throws, failing the bundle, which the runner retries: the upserts are idempotent.
 *
 * <pre>{@code
 * try (UpsertWriter.Session session = writer.open()) {
 *   session.write(nodes, edges);
 * }
 * }</pre>
 */
public interface UpsertWriter extends Serializable {
  /** Opens a session for one worker; the caller closes it. */
  Session open();

  /** One worker's hold on the sink. */
  interface Session extends AutoCloseable {
    /** Upserts one batch of nodes and edges; batches come in the order the writing step makes them. */
    void write(List<Node> nodes, List<Edge> edges);

    @Override
    void close();
  }
}
