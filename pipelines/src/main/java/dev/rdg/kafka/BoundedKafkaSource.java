package dev.rdg.kafka;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
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

/**
 * Exactly {@code maxRecords} records of Kafka topics, read in parallel: when the job starts, {@link #split}
 * asks the brokers for each partition's backlog (from where the read starts, the group's committed offset,
 * the reset policy or the start time, to the end offset) and shares the records out in proportion to it, one
 * {@link FirstRecordsSource} per partition with its share. A partition's share never exceeds its backlog, so
 * no reader waits for records that are not there. When the topics hold fewer records than that, one reader
 * over all partitions waits for the rest from whichever partition they come.
 *
 * <p>Beam's own bound ({@code KafkaIO.Read#withMaxNumRecords}) gives every split an equal share instead and
 * waits forever on a partition with fewer records than its share.
 *
 * <pre>{@code
 * PCollection<KafkaRecord<byte[], byte[]>> records =
 *     pipeline
 *         .apply(Read.from(BoundedKafkaSource.of(read, List.of("playback", "sessions"), 1_000_000, null)))
 *         .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<KafkaRecord<byte[], byte[]>>()))
 *         .setCoder(KafkaRecordCoder.of(NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of())));
 * }</pre>
 */
final class BoundedKafkaSource extends BoundedSource<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> {
  private static final long serialVersionUID = 1L;

  /** Configured but for the topics, which {@link #split} sets per partition. */
  private final KafkaIO.Read<byte[], byte[]> read;

  private final List<String> topics;
  private final long maxRecords;
  private final @Nullable Duration maxReadTime;

  private BoundedKafkaSource(
      KafkaIO.Read<byte[], byte[]> read, List<String> topics, long maxRecords, @Nullable Duration maxReadTime) {
    this.read = read;
    this.topics = List.copyOf(topics);
    this.maxRecords = maxRecords;
    this.maxReadTime = maxReadTime;
  }

  /**
   * Reads {@code maxRecords} records of {@code topics} with {@code read}'s configuration (which must name no
   * topics itself), or fewer if {@code maxReadTime} (nullable) passes first.
   */
  static BoundedKafkaSource of(
      KafkaIO.Read<byte[], byte[]> read, List<String> topics, long maxRecords, @Nullable Duration maxReadTime) {
    if (topics == null || topics.isEmpty()) {
      throw new IllegalArgumentException("topics must not be empty, but were " + topics);
    }
    BoundedKafkaSource source = new BoundedKafkaSource(read, topics, maxRecords, maxReadTime);
    source.wholeRead(); // checks the bounds
    return source;
  }

  @Override
  public List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> split(
      long desiredBundleSizeBytes, PipelineOptions options) throws IOException {
    Map<TopicPartition, Long> backlogs = backlogs();
    List<TopicPartition> partitions = new ArrayList<>(backlogs.keySet());
    long[] shares = share(maxRecords, partitions.stream().mapToLong(backlogs::get).toArray());
    if (shares == null) {
      return List.of(wholeRead());
    }
    List<FirstRecordsSource<KafkaRecord<byte[], byte[]>>> splits = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      if (shares[i] > 0) {
        splits.add(
            FirstRecordsSource.of(
                ReadKafkaEvents.unboundedSource(read.withTopicPartitions(List.of(partitions.get(i)))),
                shares[i],
                maxReadTime));
      }
    }
    return splits;
  }

  /** Unsplit (a runner that does not split): one reader over all partitions. */
  @Override
  public BoundedReader<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> createReader(PipelineOptions options)
      throws IOException {
    return wholeRead().createReader(options);
  }

  private FirstRecordsSource<KafkaRecord<byte[], byte[]>> wholeRead() {
    return FirstRecordsSource.of(ReadKafkaEvents.unboundedSource(read.withTopics(topics)), maxRecords, maxReadTime);
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return 0;
  }

  @Override
  public Coder<List<TimestampedValue<KafkaRecord<byte[], byte[]>>>> getOutputCoder() {
    return wholeRead().getOutputCoder();
  }

  /** Records from where this read starts in each partition to its end offset now, by topic and partition. */
  private Map<TopicPartition, Long> backlogs() throws IOException {
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
      Map<TopicPartition, Long> backlogs = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        long start;
        if (atStartTime == null) {
          start = consumer.position(partition);
        } else {
          OffsetAndTimestamp at = atStartTime.get(partition);
          start = at == null ? end : at.offset();
        }
        backlogs.put(partition, Math.max(0, end - start));
      }
      return backlogs;
    } catch (RuntimeException e) {
      throw new IOException("could not read the backlog of Kafka topics " + topics + ": " + e.getMessage(), e);
    }
  }

  /**
   * Shares {@code max} records out among partitions in proportion to their backlogs (largest remainders get
   * the rounding), none above its backlog; null when the backlogs hold fewer than {@code max} records.
   */
  static long @Nullable [] share(long max, long[] backlogs) {
    BigInteger total = BigInteger.ZERO;
    for (long backlog : backlogs) {
      total = total.add(BigInteger.valueOf(backlog));
    }
    if (total.compareTo(BigInteger.valueOf(max)) < 0) {
      return null;
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
}
