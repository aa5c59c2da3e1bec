package dev.rdg.sinks;

import java.io.Serializable;
import java.util.List;

/**
 * A connection to a store that upserts batches of nodes or of edges, each batch in one transaction, with
 * the window-share merge of {@link GraphSink}. {@link BatchedUpserts} drives it from a pipeline: batching,
 * retries and dead letters live there, so a store only says how to write and which failures are transient.
 *
 * <pre>{@code
 * try (UpsertStore<Node> store = opener.open()) {
 *   store.upsert(nodes);
 * }
 * }</pre>
 */
public interface UpsertStore<T> extends AutoCloseable {
  /** Upserts the batch atomically: all of it or, on an exception, none of it. */
  void upsert(List<T> batch) throws Exception;

  /** Whether trying the same batch again may succeed (deadlock, serialization failure, lost connection). */
  boolean isTransient(Exception e);

  /**
   * What kind of failure {@code e} is, in a few words that name no data (an error code, an exception
   * class): it heads a dead letter's reason and names its counter.
   */
  default String failureKind(Exception e) {
    return e.getClass().getSimpleName();
  }

  @Override
  void close();

  /** Opens a store on a worker; serializable, so it travels inside the pipeline. */
  interface Opener<T> extends Serializable {
    UpsertStore<T> open();
  }
}
