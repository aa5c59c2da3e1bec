package dev.rdg.sinks.embedded;

import dev.rdg.model.DeadLetter;
import dev.rdg.transforms.UpsertBatches;
import dev.rdg.transforms.UpsertWriter;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Upserts a bundle into the embedded store in atomic batches ({@link UpsertBatches}), written when a batch
 * is full and when the bundle finishes, so a bundle costs a few RocksDB writes, not one per element. Each
 * instance holds a session of the store's writer, a lease on the JVM's shared handle, from {@code @Setup}
 * to {@code @Teardown}. It outputs no dead letters: the store takes any record, and a failed write fails
 * the bundle, which the runner retries (the upserts are idempotent).
 *
 * <pre>{@code
 * nodes.apply(ParDo.of(new WriteFn<Node>(writer, UpsertBatches::add)));
 * }</pre>
 */
final class WriteFn<T> extends DoFn<T, DeadLetter> {
  /** Adds an upsert of this kind to the batches. */
  interface Add<T> extends Serializable {
    void to(UpsertBatches batches, T upsert);
  }

  private final UpsertWriter writer;
  private final Add<T> add;
  private transient UpsertBatches batches;

  WriteFn(UpsertWriter writer, Add<T> add) {
    this.writer = writer;
    this.add = add;
  }

  @Setup
  public void setup() {
    batches = new UpsertBatches(writer.open());
  }

  @ProcessElement
  public void processElement(ProcessContext c) {
    add.to(batches, c.element());
  }

  @FinishBundle
  public void finishBundle() {
    batches.flush();
  }

  @Teardown
  public void teardown() {
    if (batches != null) {
      batches.close();
      batches = null;
    }
  }
}
