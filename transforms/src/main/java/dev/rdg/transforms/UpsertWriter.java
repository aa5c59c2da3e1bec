package dev.rdg.transforms;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.io.Serializable;
import java.util.List;

/**
 * Writes upserts from inside the step that makes them ({@link CoalesceUpdates#writingTo}), for a sink that
 * takes nodes and edges in any order: it keeps an edge's end nodes itself when they are not written yet.
 * Then a bounded job writes in its grouping's own step; handing the upserts on to a writing step costs
 * Flink's batch runner an encoding and a decoding of every upsert for each kind it splits them into, and a
 * step that waits for the nodes before the edges (BENCHMARKS.md).
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
    /** Upserts the nodes and edges, in any order relative to earlier and later writes. */
    void write(List<Node> nodes, List<Edge> edges);

    @Override
    void close();
  }
}
