package dev.rdg.sinks.embedded;

import dev.rdg.model.DeadLetter;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Upserts a bundle into the embedded store in atomic batches: elements are buffered and written when the
 * buffer is full and when the bundle finishes, so a bundle costs a few RocksDB writes, not one per element.
 * Each instance holds a lease on the JVM's shared handle from {@code @Setup} to {@code @Teardown}. It
 * outputs no dead letters: the store takes any record, and a failed write fails the bundle, which the runner
 * retries (the upserts are idempotent).
 *
 * <pre>{@code
 * nodes.apply(ParDo.of(new WriteFn<>(folder, EmbeddedGraphStore::upsertNodes)));
 * }</pre>
 */
final class WriteFn<T> extends DoFn<T, DeadLetter> {
  /** Bounds the memory a bundle's buffer takes; a batch of this many upserts is still one fast write. */
  static final int MAX_BATCH = 5_000;

  /** Which of the store's upserts a batch goes to. */
  interface Upsert<T> extends Serializable {
    void into(EmbeddedGraphStore store, List<T> batch);
  }

  private final String folder;
  private final Upsert<T> upsert;
  private transient EmbeddedGraphStore store;
  private transient List<T> batch;

  WriteFn(String folder, Upsert<T> upsert) {
    this.folder = folder;
    this.upsert = upsert;
  }

  @Setup
  public void setup() {
    store = EmbeddedGraphStore.open(Paths.get(folder));
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>();
  }

  @ProcessElement
  public void processElement(ProcessContext c) {
    batch.add(c.element());
    if (batch.size() >= MAX_BATCH) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle() {
    flush();
  }

  @Teardown
  public void teardown() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private void flush() {
    if (!batch.isEmpty()) {
      upsert.into(store, batch);
      batch = new ArrayList<>();
    }
  }
}
