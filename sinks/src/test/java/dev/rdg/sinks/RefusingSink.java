package dev.rdg.sinks;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A sink for tests of dead letters: it writes through {@link BatchedUpserts} (no retries) into a store that
 * keeps, in this JVM, what it wrote ({@link #WRITTEN}), and refuses any batch holding a node whose id
 * starts with {@code refuse}, with {@code IllegalArgumentException: refused TYPE ID}; so that node alone
 * becomes a dead letter of {@code refusing:}.
 *
 * <pre>{@code
 * PCollection<DeadLetter> refused = graph.apply(WriteGraph.to(new RefusingSink()));
 * }</pre>
 */
public final class RefusingSink implements GraphSink {
  private static final long serialVersionUID = 1L;

  /** What the store wrote, as the upserts' {@code toString()}. */
  public static final List<String> WRITTEN = Collections.synchronizedList(new ArrayList<>());

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    return BatchedUpserts.into(Store::new, ElementKind.NODES, uri()).withMaxRetries(0);
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    return BatchedUpserts.into(Store::new, ElementKind.EDGES, uri()).withMaxRetries(0);
  }

  @Override
  public GraphReader openReader() {
    throw new UnsupportedOperationException("RefusingSink keeps no graph");
  }

  @Override
  public String uri() {
    return "refusing:";
  }

  @Override
  public String toString() {
    return uri();
  }

  /** Writes into {@link #WRITTEN}, refusing whole batches that hold a node to refuse. */
  private static final class Store<T> implements UpsertStore<T> {
    @Override
    public void upsert(List<T> batch) {
      for (T upsert : batch) {
        if (upsert instanceof Node && ((Node) upsert).ref().id().startsWith("refuse")) {
          Node node = (Node) upsert;
          throw new IllegalArgumentException("refused " + node.ref().type() + " " + node.ref().id());
        }
      }
      batch.forEach(upsert -> WRITTEN.add(upsert.toString()));
    }

    @Override
    public boolean isTransient(Exception e) {
      return false;
    }

    @Override
    public void close() {}
  }
}
