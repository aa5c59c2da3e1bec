package dev.rdg.kafka;

import dev.rdg.model.RawEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads the records of Kafka topics as {@link RawEvent}s with KafkaIO: the source is the mapping's source
 * the topic belongs to, the payload the record's value, the origin {@code topic/partition} and the offset
 * the record's offset, so a dead letter names the exact record. The element timestamp is the record's
 * timestamp, which is the event time when the mapping gives none; the watermark follows the record
 * timestamps, {@link #withMaxDelay} behind.
 *
 * <p>Offsets: an unbounded read commits the group's offsets when the runner finalizes a checkpoint
 * ({@code commitOffsetsInFinalize}: on Flink, when a checkpoint completes; give
 * {@code --checkpointingInterval}); a bounded read ({@link KafkaSource#maxRecords()},
 * {@link KafkaSource#stopAtEnd()}, {@link KafkaSource#maxReadTime()}) commits nothing itself but records
 * the highest offset it read of every partition in a metric, and {@link KafkaOffsets#commitAfterRun}
 * commits those once the job has written the graph. A run killed before then commits nothing, and the next
 * run with the same group reads the same records again: the sinks' per-window upserts make that replay
 * leave the graph unchanged.
 *
 * <p>A record bound or {@code stopAtEnd} reads each partition's share of its backlog with
 * {@link BoundedKafkaSource}, which says why; a time bound alone is KafkaIO's own.
 *
 * <p>The client properties go to the consumers through the consumer factory, not KafkaIO's consumer config,
 * so their values (passwords, JAAS configs) never appear in KafkaIO's display data; this transform shows
 * their names only.
 *
 * <pre>{@code
 * PCollection<RawEvent> events = pipeline.apply("ReadKafkaEvents", ReadKafkaEvents.from(source));
 * }</pre>
 */
public final class ReadKafkaEvents extends PTransform<PBegin, PCollection<RawEvent>> {
  /** The metric namespace of the highest offset read per partition: {@code rdg.kafka/TOPIC/PARTITION}. */
  static final String OFFSETS_NAMESPACE = "rdg.kafka";
  /** A record's key or value: records may have neither. */
  private static final Coder<byte[]> BYTES = NullableCoder.of(ByteArrayCoder.of());
  /** The records KafkaIO reads, as its {@code expand()} would code them. */
  static final Coder<KafkaRecord<byte[], byte[]>> RECORD_CODER = KafkaRecordCoder.of(BYTES, BYTES);

  private final KafkaSource source;
  private final Duration maxDelay;

  private ReadKafkaEvents(KafkaSource source, Duration maxDelay) {
    this.source = source;
    this.maxDelay = maxDelay;
  }

  /** Reads what {@code source} describes; the watermark lags the record timestamps by one minute. */
  public static ReadKafkaEvents from(KafkaSource source) {
    if (source == null) {
      throw new IllegalArgumentException("ReadKafkaEvents.from(source): source is null");
    }
    return new ReadKafkaEvents(source, Duration.standardMinutes(1));
  }

  /** How far the watermark stays behind the latest record timestamp: how out of order records may be. */
  public ReadKafkaEvents withMaxDelay(Duration maxDelay) {
    if (maxDelay == null || maxDelay.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("maxDelay must be >= 0, but was " + maxDelay);
    }
    return new ReadKafkaEvents(source, maxDelay);
  }

  @Override
  public PCollection<RawEvent> expand(PBegin input) {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, source.offsetReset());
    Duration delay = maxDelay;
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(source.bootstrapServers())
            // With the coders KafkaIO would infer in expand(), which the source of a bounded read skips.
            .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, BYTES)
            .withValueDeserializerAndCoder(ByteArrayDeserializer.class, BYTES)
            .withConsumerConfigUpdates(consumerConfig)
            .withConsumerFactoryFn(new ConsumerFactory(source.clientProperties()))
            .withTimestampPolicyFactory(
                (partition, previousWatermark) ->
                    new CustomTimestampPolicyWithLimitedDelay<>(
                        record -> new Instant(record.getTimestamp()), delay, previousWatermark));
    if (source.startTime() != null) {
      read = read.withStartReadTime(source.startTime());
    }
    List<String> topics = new ArrayList<>(source.topicSources().keySet());
    PCollection<KafkaRecord<byte[], byte[]>> records;
    if (source.maxRecords() != null || source.stopAtEnd()) {
      BoundedKafkaSource bounded =
          BoundedKafkaSource.of(
              read,
              topics,
              source.maxRecords() == null ? Long.MAX_VALUE : source.maxRecords(),
              source.stopAtEnd(),
              source.maxReadTime());
      records =
          input
              .apply("ReadKafka", Read.from(bounded))
              .apply("Unbatch", ParDo.of(new FirstRecordsSource.UnbatchFn<KafkaRecord<byte[], byte[]>>()))
              .setCoder(RECORD_CODER);
    } else if (source.maxReadTime() != null) {
      records = input.apply("ReadKafka", read.withTopics(topics).withMaxReadTime(source.maxReadTime()));
    } else {
      records = input.apply("ReadKafka", read.withTopics(topics).commitOffsetsInFinalize());
    }
    return records.apply("ToRawEvents", ParDo.of(new ToRawEventFn(source.topicSources())));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", source.bootstrapServers()))
        .add(DisplayData.item("topics", source.topicSources().toString()))
        .add(DisplayData.item("groupId", source.groupId()))
        .add(DisplayData.item("startFrom", source.startFrom()));
    source.clientProperties().keySet()
        .forEach(name -> builder.add(DisplayData.item("kafka." + name, "<provided>")));
  }

  /** Makes KafkaIO's consumers with the client properties added to the config KafkaIO built. */
  private static final class ConsumerFactory
      implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
    private final Map<String, String> clientProperties;

    ConsumerFactory(Map<String, String> clientProperties) {
      this.clientProperties = new HashMap<>(clientProperties);
    }

    @Override
    public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
      Map<String, Object> withProperties = new HashMap<>(config);
      withProperties.putAll(clientProperties);
      return new KafkaConsumer<>(withProperties);
    }
  }

  /** A record as a {@link RawEvent}; records the highest offset read of its partition. */
  private static final class ToRawEventFn extends DoFn<KafkaRecord<byte[], byte[]>, RawEvent> {
    private static final byte[] NO_PAYLOAD = new byte[0];
    private final Map<String, String> topicSources;

    ToRawEventFn(Map<String, String> topicSources) {
      this.topicSources = new HashMap<>(topicSources);
    }

    @ProcessElement
    public void processElement(@Element KafkaRecord<byte[], byte[]> record, OutputReceiver<RawEvent> out) {
      String partition = record.getTopic() + "/" + record.getPartition();
      Distribution offsets = Metrics.distribution(OFFSETS_NAMESPACE, partition);
      offsets.update(record.getOffset());
      byte[] payload = record.getKV().getValue();
      out.output(
          RawEvent.of(
              topicSources.get(record.getTopic()),
              payload == null ? NO_PAYLOAD : payload,
              partition,
              record.getOffset()));
    }
  }
}
