package dev.rdg.kafka;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The first {@code maxRecords} records of an unbounded source, read by one reader, as a bounded source;
 * optionally also stops after {@code maxReadTime}.
 *
 * <p>Why not Beam's own {@code withMaxNumRecords}: {@code BoundedReadFromUnboundedSource} splits the source
 * (by Kafka partition) and gives every split an equal share of the records. When partitions hold unequal
 * numbers of records (topics of different sources always do) a split whose partition has fewer records than
 * its share waits for more forever, while a busier partition stops early. One reader over all partitions
 * reads exactly {@code maxRecords}, whichever partitions hold them; the work after the read is spread again
 * by the grouping that follows it.
 *
 * <pre>{@code
 * PCollection<KafkaRecord<byte[], byte[]>> records =
 *     pipeline.apply(Read.from(FirstRecordsSource.of(kafkaUnboundedSource, 1_000_000, null)));
 * }</pre>
 */
final class FirstRecordsSource<T> extends BoundedSource<T> {
  private static final long serialVersionUID = 1L;
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 250;

  private final UnboundedSource<T, ?> source;
  private final long maxRecords;
  private final @Nullable Duration maxReadTime;

  private FirstRecordsSource(UnboundedSource<T, ?> source, long maxRecords, @Nullable Duration maxReadTime) {
    this.source = source;
    this.maxRecords = maxRecords;
    this.maxReadTime = maxReadTime;
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
    return new FirstRecordsSource<>(source, maxRecords, maxReadTime);
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
  public Coder<T> getOutputCoder() {
    return source.getOutputCoder();
  }

  @Override
  public BoundedReader<T> createReader(PipelineOptions options) throws IOException {
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

  /** Advances the unbounded reader, waiting with a backoff while it has nothing, up to the bounds. */
  private final class Reader extends BoundedReader<T> {
    private final UnboundedSource.UnboundedReader<T> reader;
    private long read;
    private @Nullable Instant deadline;

    Reader(UnboundedSource.UnboundedReader<T> reader) {
      this.reader = reader;
    }

    @Override
    public boolean start() throws IOException {
      deadline = maxReadTime == null ? null : Instant.now().plus(maxReadTime);
      return advanceWithBackoff(reader.start());
    }

    @Override
    public boolean advance() throws IOException {
      return read < maxRecords && !expired() && advanceWithBackoff(reader.advance());
    }

    private boolean expired() {
      return deadline != null && !Instant.now().isBefore(deadline);
    }

    private boolean advanceWithBackoff(boolean available) throws IOException {
      long backoff = FIRST_BACKOFF_MILLIS;
      while (!available) {
        if (expired()) {
          return false;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for records", e);
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        available = reader.advance();
      }
      read++;
      return true;
    }

    @Override
    public T getCurrent() throws NoSuchElementException {
      return reader.getCurrent();
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      return reader.getCurrentTimestamp();
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
