package dev.rdg.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The first {@code maxRecords} records of an unbounded source, read by one reader, as a bounded source;
 * optionally also stops after {@code maxReadTime}. One reader makes the count exact; {@link
 * BoundedKafkaSource} runs one per partition, each with its share of a run's records. It yields the records
 * in batches, each with its timestamp, because Beam's Flink runner updates Flink's metrics on every advance
 * of a reader (a fifth of the reading chain's CPU, one record an advance); {@link UnbatchFn} hands them on.
 *
 * <pre>{@code
 * PCollection<Long> first =
 *     pipeline
 *         .apply(Read.from(FirstRecordsSource.of(CountingSource.unbounded(), 1_000, null)))
 *         .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<Long>()))
 *         .setCoder(VarLongCoder.of());
 * }</pre>
 */
final class FirstRecordsSource<T> extends BoundedSource<List<TimestampedValue<T>>> {
  private static final long serialVersionUID = 1L;
  /** Records per element: Beam's Flink runner updates Flink's metrics on every advance of a reader. */
  private static final int BATCH = 1000;

  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 250;

  private final UnboundedSource<T, ?> source;
  private final long maxRecords;
  private final @Nullable Duration maxReadTime;
  /** A record's position (a Kafka offset), or null: then only the count and the time bound stop the read. */
  private final @Nullable SerializableFunction<T, Long> position;
  /** The position the read stops at (exclusive). */
  private final long end;

  private FirstRecordsSource(
      UnboundedSource<T, ?> source,
      long maxRecords,
      @Nullable Duration maxReadTime,
      @Nullable SerializableFunction<T, Long> position,
      long end) {
    this.source = source;
    this.maxRecords = maxRecords;
    this.maxReadTime = maxReadTime;
    this.position = position;
    this.end = end;
  }

  /** Reads {@code maxRecords} records of {@code source}, or fewer if {@code maxReadTime} (nullable) passes first. */
  static <T> FirstRecordsSource<T> of(UnboundedSource<T, ?> source, long maxRecords, @Nullable Duration maxReadTime) {
    if (source == null) {
      throw new IllegalArgumentException("source is null");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, but was " + maxRecords);
    }
    if (maxReadTime != null && !maxReadTime.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("maxReadTime must be longer than 0, but was " + maxReadTime);
    }
    return new FirstRecordsSource<>(source, maxRecords, maxReadTime, null, Long.MAX_VALUE);
  }

  /**
   * Also stops at the record whose {@code position} is {@code end - 1}, or at the first at or after
   * {@code end}, which it leaves out: a Kafka partition's offsets have gaps (compacted records, transaction
   * markers), so a count of offsets can be more than the records there are.
   */
  FirstRecordsSource<T> withEnd(SerializableFunction<T, Long> position, long end) {
    if (position == null) {
      throw new IllegalArgumentException("position is null");
    }
    return new FirstRecordsSource<>(source, maxRecords, maxReadTime, position, end);
  }

  /** How many records it reads at most. */
  long maxRecords() {
    return maxRecords;
  }

  /** One reader, so the count is exact: never split. */
  @Override
  public List<FirstRecordsSource<T>> split(long desiredBundleSizeBytes, PipelineOptions options) {
    return List.of(this);
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return 0;
  }

  @Override
  public Coder<List<TimestampedValue<T>>> getOutputCoder() {
    return ListCoder.of(TimestampedValue.TimestampedValueCoder.of(source.getOutputCoder()));
  }

  @Override
  public BoundedReader<List<TimestampedValue<T>>> createReader(PipelineOptions options) throws IOException {
    // An unsplit Kafka source knows its topics but not their partitions; one split of it has them all.
    List<? extends UnboundedSource<T, ?>> whole;
    try {
      whole = source.split(1, options);
    } catch (Exception e) {
      throw new IOException("could not list the partitions of " + source, e);
    }
    if (whole.size() != 1) {
      throw new IOException("expected " + source + " as one split, but it gave " + whole.size());
    }
    return new Reader(whole.get(0).createReader(options, null));
  }

  /**
   * Hands on the records of a batch, each at its own timestamp. The batches' timestamp is the earliest
   * there is, so no record's is before it.
   */
  static final class UnbatchFn<T> extends DoFn<List<TimestampedValue<T>>, T> {
    @ProcessElement
    public void processElement(@Element List<TimestampedValue<T>> batch, OutputReceiver<T> out) {
      for (TimestampedValue<T> record : batch) {
        out.outputWithTimestamp(record.getValue(), record.getTimestamp());
      }
    }
  }

  /**
   * Advances the unbounded reader and gathers what it has at hand into batches of up to {@link #BATCH}
   * records, waiting with a backoff while it has nothing, up to the bounds.
   */
  private final class Reader extends BoundedReader<List<TimestampedValue<T>>> {
    private final UnboundedSource.UnboundedReader<T> reader;
    private long read;
    private @Nullable Instant deadline;
    private boolean started;
    /** Whether the read reached {@link #end}. */
    private boolean atEnd;
    private List<TimestampedValue<T>> batch = List.of();

    Reader(UnboundedSource.UnboundedReader<T> reader) {
      this.reader = reader;
    }

    @Override
    public boolean start() throws IOException {
      deadline = maxReadTime == null ? null : Instant.now().plus(maxReadTime);
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      List<TimestampedValue<T>> next = new ArrayList<>();
      long backoff = FIRST_BACKOFF_MILLIS;
      while (read < maxRecords && !atEnd && next.size() < BATCH && !expired()) {
        boolean available = started ? reader.advance() : reader.start();
        started = true;
        if (available) {
          T record = reader.getCurrent();
          long at = position == null ? Long.MIN_VALUE : position.apply(record);
          atEnd = at >= end - 1;
          if (at < end) {
            next.add(TimestampedValue.of(record, reader.getCurrentTimestamp()));
            read++;
          }
          backoff = FIRST_BACKOFF_MILLIS;
        } else if (!next.isEmpty()) {
          break;
        } else {
          sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      }
      batch = next;
      return !next.isEmpty();
    }

    private boolean expired() {
      return deadline != null && !Instant.now().isBefore(deadline);
    }

    private void sleep(long millis) throws IOException {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for records", e);
      }
    }

    @Override
    public List<TimestampedValue<T>> getCurrent() throws NoSuchElementException {
      if (batch.isEmpty()) {
        throw new NoSuchElementException();
      }
      return batch;
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }

    @Override
    public FirstRecordsSource<T> getCurrentSource() {
      return FirstRecordsSource.this;
    }
  }
}
