package dev.rdg.sinks;

import dev.rdg.model.DeadLetter;
import dev.rdg.transforms.GraphCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.BackOffUtils;
import org.apache.beam.sdk.util.FluentBackoff;
import org.apache.beam.sdk.util.Sleeper;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes upserts into an {@link UpsertStore} in batches: the elements are spread over {@code shards} keys
 * by a grouping key (a node's identity, an edge's source node), batched per shard with
 * {@link GroupIntoBatches} (full at {@code batchSize}, flushed after {@code flushInterval}), and each batch
 * written in one transaction, retried with exponential backoff while the store calls the failure transient.
 *
 * <p>Grouping by source node keeps all writes that lock one node in one shard, whose batches are written
 * one after the other, so parallel writers rarely wait on each other's locks. A batch that still fails is
 * written again record by record: a record that fails alone is output as a dead letter
 * ({@link DeadLetter#ofSinkRecord}, reason {@code "<kind>: <message>"} with the store's
 * {@link UpsertStore#failureKind}), counted in {@code rdg/sinkDeadLetters} and in
 * {@code rdg.deadLettered/sink: <kind>}, and the rest of its batch is written.
 *
 * <pre>{@code
 * PCollection<DeadLetter> refused =
 *     nodes.apply(BatchedUpserts.into(opener, ElementKind.NODES, sink.toString())
 *         .withBatchSize(1000).withFlushInterval(Duration.standardSeconds(1)));
 * }</pre>
 */
public final class BatchedUpserts<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  /** A dead letter's reason is cut to this many characters: a refused record may be huge. */
  static final int MAX_REASON = 500;

  private static final Logger LOG = LoggerFactory.getLogger(BatchedUpserts.class);

  private final UpsertStore.Opener<T> opener;
  private final ElementKind<T> kind;
  private final String sinkName;
  private final int batchSize;
  private final Duration flushInterval;
  private final int shards;
  private final int maxRetries;

  private BatchedUpserts(
      UpsertStore.Opener<T> opener,
      ElementKind<T> kind,
      String sinkName,
      int batchSize,
      Duration flushInterval,
      int shards,
      int maxRetries) {
    this.opener = opener;
    this.kind = kind;
    this.sinkName = sinkName;
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
    this.shards = shards;
    this.maxRetries = maxRetries;
  }

  /**
   * Upserts into the stores {@code opener} opens, grouping by {@link ElementKind#groupKey}; a dead letter
   * names the sink {@code sinkName} (secrets masked) and carries the record's export line.
   */
  public static <T> BatchedUpserts<T> into(
      UpsertStore.Opener<T> opener, ElementKind<T> kind, String sinkName) {
    return new BatchedUpserts<>(opener, kind, sinkName, 1000, Duration.standardSeconds(1), 16, 5);
  }

  /** The options {@link #withOptions} reads from a sink URI. */
  public static final Set<String> OPTIONS = Set.of("batchSize", "flushInterval", "shards", "maxRetries");

  /**
   * These upserts with the URI's {@code batchSize}, {@code flushInterval} ({@code 500ms}, {@code 2s}),
   * {@code shards} and {@code maxRetries} options, where given.
   */
  public BatchedUpserts<T> withOptions(SinkUri uri) {
    return withBatchSize(uri.intOption("batchSize", batchSize, 1))
        .withFlushInterval(uri.durationOption("flushInterval", flushInterval))
        .withShards(uri.intOption("shards", shards, 1))
        .withMaxRetries(uri.intOption("maxRetries", maxRetries, 0));
  }

  /** Upserts per transaction; a larger batch writes faster and holds locks longer. */
  public BatchedUpserts<T> withBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be > 0, but was " + batchSize);
    }
    return new BatchedUpserts<>(
        opener, kind, sinkName, batchSize, flushInterval, shards, maxRetries);
  }

  /** How long a partial batch may wait for more upserts before it is written. */
  public BatchedUpserts<T> withFlushInterval(Duration flushInterval) {
    if (flushInterval == null || !flushInterval.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("flushInterval must be > 0, but was " + flushInterval);
    }
    return new BatchedUpserts<>(
        opener, kind, sinkName, batchSize, flushInterval, shards, maxRetries);
  }

  /** How many groups write in parallel. */
  public BatchedUpserts<T> withShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be > 0, but was " + shards);
    }
    return new BatchedUpserts<>(
        opener, kind, sinkName, batchSize, flushInterval, shards, maxRetries);
  }

  /** How often a transient failure is retried before the batch is split. */
  public BatchedUpserts<T> withMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, but was " + maxRetries);
    }
    return new BatchedUpserts<>(
        opener, kind, sinkName, batchSize, flushInterval, shards, maxRetries);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> upserts) {
    int shardCount = shards;
    ElementKind<T> elements = kind;
    return upserts
        .apply(
            "GroupByShard",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), upserts.getTypeDescriptor()))
                .via(
                    (T upsert) ->
                        KV.of(Math.floorMod(elements.groupKey(upsert).hashCode(), shardCount), upsert)))
        .setCoder(KvCoder.of(VarIntCoder.of(), upserts.getCoder()))
        .apply(
            "Batch",
            GroupIntoBatches.<Integer, T>ofSize(batchSize).withMaxBufferingDuration(flushInterval))
        .apply("Upsert", ParDo.of(new UpsertBatchFn<>(this)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("sink", sinkName).withLabel("Graph sink"))
        .add(DisplayData.item("batchSize", batchSize))
        .add(DisplayData.item("flushInterval", flushInterval))
        .add(DisplayData.item("shards", shards))
        .add(DisplayData.item("maxRetries", maxRetries));
  }

  /**
   * Writes {@code batch} with retries; a batch that still fails is written record by record, and the
   * records that fail alone are returned (already handed to {@code deadLetter}).
   */
  public static <T> List<T> write(
      UpsertStore<T> store, List<T> batch, int maxRetries, DeadLetters<T> deadLetter)
      throws InterruptedException {
    try {
      withRetries(store, batch, maxRetries);
      return List.of();
    } catch (Exception batchFailure) {
      if (batchFailure instanceof InterruptedException) {
        throw (InterruptedException) batchFailure;
      }
      List<T> failed = new ArrayList<>();
      for (T record : batch) {
        try {
          withRetries(store, List.of(record), batch.size() == 1 ? 0 : maxRetries);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          deadLetter.write(record, e);
          failed.add(record);
        }
      }
      return failed;
    }
  }

  private static <T> void withRetries(UpsertStore<T> store, List<T> batch, int maxRetries)
      throws Exception {
    BackOff backOff =
        FluentBackoff.DEFAULT
            .withMaxRetries(maxRetries)
            .withInitialBackoff(Duration.millis(50))
            .withMaxBackoff(Duration.standardSeconds(5))
            .backoff();
    while (true) {
      try {
        store.upsert(batch);
        return;
      } catch (Exception e) {
        if (!store.isTransient(e) || !BackOffUtils.next(Sleeper.DEFAULT, backOff)) {
          throw e;
        }
        LOG.debug("transient failure, retrying a batch of {}: {}", batch.size(), e.toString());
      }
    }
  }

  /** Where a record that failed alone goes. */
  public interface DeadLetters<T> {
    void write(T record, Exception failure);
  }

  /** Writes each batch of a shard, outputting the records refused alone; one store per DoFn instance. */
  private static final class UpsertBatchFn<T> extends DoFn<KV<Integer, Iterable<T>>, DeadLetter> {
    private final UpsertStore.Opener<T> opener;
    private final ElementKind<T> kind;
    private final String sinkName;
    private final int maxRetries;
    private final Counter deadLetters = GraphCounters.counter(GraphCounters.SINK_DEAD_LETTERS);
    private transient UpsertStore<T> store;

    UpsertBatchFn(BatchedUpserts<T> spec) {
      this.opener = spec.opener;
      this.kind = spec.kind;
      this.sinkName = spec.sinkName;
      this.maxRetries = spec.maxRetries;
    }

    @Setup
    public void setup() {
      store = opener.open();
    }

    @ProcessElement
    public void processElement(ProcessContext c) throws InterruptedException {
      List<T> batch = new ArrayList<>();
      c.element().getValue().forEach(batch::add);
      write(
          store,
          batch,
          maxRetries,
          (record, failure) -> c.output(deadLetter(record, store.failureKind(failure), failure)));
    }

    @Teardown
    public void teardown() {
      if (store != null) {
        store.close();
        store = null;
      }
    }

    private DeadLetter deadLetter(T record, String failureKind, Exception failure) {
      deadLetters.inc();
      Metrics.counter(GraphCounters.DEAD_LETTERED_BY, "sink: " + failureKind).inc();
      String message = String.valueOf(failure.getMessage()).replaceAll("\\s+", " ");
      String reason = failureKind + ": " + message;
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON - 1) + "…";
      }
      LOG.warn("{} refused a record: {}", sinkName, reason);
      return DeadLetter.ofSinkRecord(sinkName, reason, kind.exportLine(record));
    }
  }
}
