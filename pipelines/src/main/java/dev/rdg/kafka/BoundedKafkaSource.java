package dev.rdg.kafka;

import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Exactly {@code maxRecords} records of Kafka topics, read in parallel: when the job starts, {@link #split}
 * asks the brokers for each partition's backlog (from where the read starts, the group's committed offset,
 * the reset policy or the start time, to the end offset) and shares the records out in proportion to it, one
 * {@link FirstRecordsSource} per partition with its share. A partition's share never exceeds its backlog, and
 * its reader also stops at the end offset, so no reader waits for records that are not there (offsets have
 * gaps where records were compacted away or transaction markers sit: then the run reads fewer). When the topics hold fewer records than that, one reader
 * over all partitions waits for the rest from whichever partition they come; or, with {@code stopAtEnd},
 * every partition is read to the end offset it had when the job started, and the run stops.
 *
 * <p>Beam's own bound ({@code KafkaIO.Read#withMaxNumRecords}) gives every split an equal share instead and
 * waits forever on a partition with fewer records than its share.
 *
 * <pre>{@code
 * PCollection<KafkaRecord<byte[], byte[]>> records =
 *     pipeline
 *         .apply(Read.from(BoundedKafkaSource.of(read, List.of("playback", "sessions"), 1_000_000, false, null)))
 *         .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<KafkaRecord<byte[], byte[]>>()))
 *         .setCoder(ReadKafkaEvents.RECORD_CODER);
 * }</pre>
 */
final class BoundedKafkaSource extends BoundedSource<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> {
  private static final long serialVersionUID = 1L;

  /** Configured but for the topics, which {@link #split} sets per partition. */
  private final KafkaIO.Read<byte[], byte[]> read;

  private final List<String> topics;
  private final long maxRecords;
  private final boolean stopAtEnd;
  private final @Nullable Duration maxReadTime;

  private BoundedKafkaSource(
      KafkaIO.Read<byte[], byte[]> read,
      List<String> topics,
      long maxRecords,
      boolean stopAtEnd,
      @Nullable Duration maxReadTime) {
    this.read = read;
    this.topics = List.copyOf(topics);
    this.maxRecords = maxRecords;
    this.stopAtEnd = stopAtEnd;
    this.maxReadTime = maxReadTime;
  }

  /**
   * Reads {@code maxRecords} records of {@code topics} with {@code read}'s configuration (which must name no
   * topics itself); fewer if {@code stopAtEnd} and the partitions hold fewer as the job starts, or if
   * {@code maxReadTime} (nullable) passes first.
   */
  static BoundedKafkaSource of(
      KafkaIO.Read<byte[], byte[]> read,
      List<String> topics,
      long maxRecords,
      boolean stopAtEnd,
      @Nullable Duration maxReadTime) {
    if (topics == null || topics.isEmpty()) {
      throw new IllegalArgumentException("topics must not be empty, but were " + topics);
    }
    BoundedKafkaSource source = new BoundedKafkaSource(read, topics, maxRecords, stopAtEnd, maxReadTime);
    source.wholeRead(); // checks the bounds
    return source;
  }

  /** The partitions' readers; itself when there is nothing to read (a split list must not be empty). */
  @Override
  public List<? extends BoundedSource<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>>> split(
      long desiredBundleSizeBytes, PipelineOptions options) throws IOException {
    List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> parts = parts();
    return parts.isEmpty() ? List.of(this) : parts;
  }

  /** Unsplit: the partitions' readers one after another. */
  @Override
  public BoundedReader<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> createReader(PipelineOptions options)
      throws IOException {
    return new SequenceReader(parts(), options);
  }

  /** A reader per partition with its share; one over all partitions when the shares cannot be known. */
  private List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> parts() throws IOException {
    Map<TopicPartition, Range> ranges = ranges();
    List<TopicPartition> partitions = new ArrayList<>(ranges.keySet());
    long[] shares =
        share(maxRecords, partitions.stream().mapToLong(p -> ranges.get(p).backlog()).toArray(), stopAtEnd);
    if (shares == null) {
      return List.of(wholeRead());
    }
    List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> parts = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      if (shares[i] > 0) {
        TopicPartition partition = partitions.get(i);
        parts.add(
            FirstRecordsSource.of(
                    unboundedSource(read.withTopicPartitions(List.of(partition))),
                    shares[i],
                    maxReadTime)
                .withEnd(KafkaRecord::getOffset, ranges.get(partition).end()));
      }
    }
    return parts;
  }

  /** Reads sources one after another (none: nothing). */
  private final class SequenceReader extends BoundedReader<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> {
    private final Iterator<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> sources;
    private final PipelineOptions options;
    private @Nullable BoundedReader<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> current;

    SequenceReader(List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> sources, PipelineOptions options) {
      this.sources = sources.iterator();
      this.options = options;
    }

    @Override
    public boolean start() throws IOException {
      return next();
    }

    @Override
    public boolean advance() throws IOException {
      return (current != null && current.advance()) || next();
    }

    /** Starts the next source that has records. */
    private boolean next() throws IOException {
      while (sources.hasNext()) {
        close();
        current = sources.next().createReader(options);
        if (current.start()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public List<TimestampedValue<KafkaRecord<byte[], byte[]>>> getCurrent() throws NoSuchElementException {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.getCurrent();
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.getCurrentTimestamp();
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }

    @Override
    public BoundedKafkaSource getCurrentSource() {
      return BoundedKafkaSource.this;
    }
  }

  private FirstRecordsSource<KafkaRecord<byte[], byte[]>> wholeRead() {
    return FirstRecordsSource.of(unboundedSource(read.withTopics(topics)), maxRecords, maxReadTime);
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return 0;
  }

  @Override
  public Coder<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> getOutputCoder() {
    return wholeRead().getOutputCoder();
  }

  /** Offsets of a partition from where a read starts to the end offset (exclusive). */
  private record Range(long start, long end) {
    long backlog() {
      return Math.max(0, end - start);
    }
  }

  /**
   * Each partition's offsets from where this read starts (the group's committed offset, the reset policy or
   * the start time) to its end offset now, by topic and partition.
   */
  private Map<TopicPartition, Range> ranges() throws IOException {
    Map<String, Object> config = new HashMap<>(read.getConsumerConfig());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // it only looks; offsets commit after the run
    try (Consumer<byte[], byte[]> consumer = read.getConsumerFactoryFn().apply(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
          throw new IOException("Kafka topic " + topic + " has no partitions (does it exist?)");
        }
        infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, OffsetAndTimestamp> atStartTime = null;
      if (read.getStartReadTime() != null) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, read.getStartReadTime().getMillis()));
        atStartTime = consumer.offsetsForTimes(times);
      }
      Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        long start;
        if (atStartTime == null) {
          start = consumer.position(partition);
        } else {
          OffsetAndTimestamp at = atStartTime.get(partition);
          start = at == null ? end : at.offset();
        }
        ranges.put(partition, new Range(start, end));
      }
      return ranges;
    } catch (RuntimeException e) {
      throw new IOException("could not read the backlog of Kafka topics " + topics + ": " + e.getMessage(), e);
    }
  }

  /**
   * Shares {@code max} records out among partitions in proportion to their backlogs (largest remainders get
   * the rounding), none above its backlog. When the backlogs hold fewer than {@code max} records: each
   * partition's backlog if {@code stopAtEnd}, else null.
   */
  static long @Nullable [] share(long max, long[] backlogs, boolean stopAtEnd) {
    BigInteger total = BigInteger.ZERO;
    for (long backlog : backlogs) {
      total = total.add(BigInteger.valueOf(backlog));
    }
    if (total.compareTo(BigInteger.valueOf(max)) < 0) {
      return stopAtEnd ? backlogs.clone() : null;
    }
    long[] shares = new long[backlogs.length];
    long[] remainders = new long[backlogs.length];
    long given = 0;
    for (int i = 0; i < backlogs.length; i++) {
      BigInteger[] division = BigInteger.valueOf(backlogs[i]).multiply(BigInteger.valueOf(max)).divideAndRemainder(total);
      shares[i] = division[0].longValueExact();
      remainders[i] = division[1].longValueExact();
      given += shares[i];
    }
    List<Integer> byRemainder = new ArrayList<>();
    for (int i = 0; i < backlogs.length; i++) {
      byRemainder.add(i);
    }
    byRemainder.sort(Comparator.comparingLong((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
    for (int k = 0; given < max; k++) {
      shares[byRemainder.get(k)]++;
      given++;
    }
    return shares;
  }

  /**
   * The unbounded source KafkaIO reads with ({@code KafkaIO.Read#makeSource}, package-private in Beam 2.62):
   * what a partition's {@link FirstRecordsSource} reads.
   */
  @SuppressWarnings("unchecked")
  static UnboundedSource<KafkaRecord<byte[], byte[]>, ?> unboundedSource(KafkaIO.Read<byte[], byte[]> read) {
    try {
      Method makeSource = KafkaIO.Read.class.getDeclaredMethod("makeSource");
      makeSource.setAccessible(true);
      return (UnboundedSource<KafkaRecord<byte[], byte[]>, ?>) makeSource.invoke(read);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this Beam's KafkaIO.Read has no makeSource(): --maxRecords and --stopAtEnd need it", e);
    }
  }
}
