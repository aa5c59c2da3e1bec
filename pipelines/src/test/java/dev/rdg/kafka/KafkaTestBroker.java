package dev.rdg.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker for tests: {@link #startInJvm} runs one in this JVM ({@code KafkaClusterTestKit},
 * KRaft combined mode, ~3 s); {@link #at} talks to one already running (the broker process of
 * {@code scripts/kafka-broker.sh}). Helpers produce lines with a plain {@code KafkaProducer} and read topics
 * and committed offsets back.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private final String bootstrap;
  private final KafkaClusterTestKit cluster;

  private KafkaTestBroker(String bootstrap, KafkaClusterTestKit cluster) {
    this.bootstrap = bootstrap;
    this.cluster = cluster;
  }

  /** Starts a one-node broker in this JVM. */
  public static KafkaTestBroker startInJvm() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // Without this, consumer groups never get their offsets topic on a one-node cluster.
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new KafkaTestBroker(cluster.bootstrapServers(), cluster);
  }

  /** A broker running elsewhere. */
  public static KafkaTestBroker at(String bootstrap) {
    return new KafkaTestBroker(bootstrap, null);
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** Produces the lines of {@code file} to {@code topic}, one record each, in order, without keys. */
  public void produceFile(String topic, Path file) throws IOException {
    produce(topic, Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Produces {@code values} to {@code topic}, one record each, in order, and waits for the acks. */
  public void produce(String topic, List<String> values) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value));
      }
      producer.flush();
    }
  }

  /** Every value of {@code topic} from the beginning to its current end. */
  public List<String> readAll(String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<String> values = new java.util.ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(java.time.Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }

  /** The offsets {@code group} committed, by {@code topic/partition}. */
  public Map<String, Long> committed(String group) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<String, Long> committed = new HashMap<>();
      offsets.forEach((p, o) -> committed.put(p.topic() + "/" + p.partition(), o.offset()));
      return committed;
    }
  }

  @Override
  public void close() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }
}
