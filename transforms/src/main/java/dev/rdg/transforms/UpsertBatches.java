package dev.rdg.transforms;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers upserts for an {@link UpsertWriter.Session} and writes them in batches of up to {@value #MAX}:
 * a bundle costs a few writes, not one per upsert, and its buffer stays bounded. A DoFn makes one in
 * {@code @Setup}, flushes it in {@code @FinishBundle} and closes it in {@code @Teardown}.
 *
 * <pre>{@code
 * UpsertBatches batches = new UpsertBatches(writer.open());
 * batches.add(node);
 * batches.flush();
 * batches.close();
 * }</pre>
 */
public final class UpsertBatches implements AutoCloseable {
  /** A batch of this many upserts is still one fast write. */
  public static final int MAX = 5_000;

  private final UpsertWriter.Session session;
  private List<Node> nodes = new ArrayList<>();
  private List<Edge> edges = new ArrayList<>();

  public UpsertBatches(UpsertWriter.Session session) {
    this.session = session;
  }

  public void add(Node node) {
    nodes.add(node);
    flushWhenFull();
  }

  public void add(Edge edge) {
    edges.add(edge);
    flushWhenFull();
  }

  /** Writes what is buffered. */
  public void flush() {
    if (!nodes.isEmpty() || !edges.isEmpty()) {
      session.write(nodes, edges);
      nodes = new ArrayList<>();
      edges = new ArrayList<>();
    }
  }

  /** Closes the session; what is still buffered is not written. */
  @Override
  public void close() {
    session.close();
  }

  private void flushWhenFull() {
    if (nodes.size() + edges.size() >= MAX) {
      flush();
    }
  }
}
