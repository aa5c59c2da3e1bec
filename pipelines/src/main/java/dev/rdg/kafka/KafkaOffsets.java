package dev.rdg.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Commits a bounded run's offsets to its consumer group once the job is done, which is after its graph was
 * written: the next run with the group starts after the records this one turned into graph, and a run that
 * did not finish commits nothing, so its records are read again.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.run();
 * result.waitUntilFinish();
 * Map<TopicPartition, Long> next = KafkaOffsets.commitAfterRun(result, source);
 * }</pre>
 */
public final class KafkaOffsets {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private KafkaOffsets() {}

  /** Commits, per partition read, the offset after the highest one read; returns what it committed. */
  public static Map<TopicPartition, Long> commitAfterRun(PipelineResult result, KafkaSource source) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (MetricResult<DistributionResult> partition :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(ReadKafkaEvents.OFFSETS_NAMESPACE))
                    .build())
            .getDistributions()) {
      DistributionResult read = partition.getAttempted();
      if (read == null || read.getCount() == 0) {
        continue;
      }
      String name = partition.getName().getName();
      int slash = name.lastIndexOf('/');
      TopicPartition topicPartition =
          new TopicPartition(name.substring(0, slash), Integer.parseInt(name.substring(slash + 1)));
      next.merge(topicPartition, new OffsetAndMetadata(read.getMax() + 1),
          (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    if (!next.isEmpty()) {
      Map<String, Object> config = new HashMap<>(source.clientProperties());
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId());
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.commitSync(next, TIMEOUT);
      }
    }
    Map<TopicPartition, Long> committed = new HashMap<>();
    next.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    return committed;
  }
}
