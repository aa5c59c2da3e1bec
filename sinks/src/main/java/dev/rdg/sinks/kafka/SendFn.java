package dev.rdg.sinks.kafka;

import dev.rdg.model.DeadLetter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends elements as keyed records and outputs no dead letters (a record the broker refuses fails the
 * bundle, which the runner retries): a bundle ends only once the broker acknowledged every record of it
 * ({@code flush()}, {@code acks=all}), so whatever waits on the output ({@code Wait.on}: edges after nodes)
 * runs after the records are durable. Topics are created on first use, compacted, with the
 * broker's default partitions and replication.
 *
 * <pre>{@code
 * nodes.apply(ParDo.of(new SendFn<Node>(clients, node -> new ProducerRecord<>(topic, key, value))));
 * }</pre>
 */
final class SendFn<T> extends DoFn<T, DeadLetter> {
  private final Map<String, String> clientProperties;
  private final SerializableFunction<T, ProducerRecord<String, String>> toRecord;
  private transient KafkaProducer<String, String> producer;
  private transient Admin admin;
  private transient Set<String> topics;
  private transient AtomicReference<Exception> failure;

  SendFn(Map<String, String> clientProperties, SerializableFunction<T, ProducerRecord<String, String>> toRecord) {
    this.clientProperties = clientProperties;
    this.toRecord = toRecord;
  }

  @Setup
  public void setup() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    admin = Admin.create(config);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    topics = new HashSet<>();
    failure = new AtomicReference<>();
  }

  @ProcessElement
  public void processElement(@Element T element) throws Exception {
    ProducerRecord<String, String> record = toRecord.apply(element);
    ensureTopic(record.topic());
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @FinishBundle
  public void finishBundle() throws Exception {
    producer.flush();
    Exception error = failure.getAndSet(null);
    if (error != null) {
      throw new IllegalStateException("kafka sink: a record was not written: " + error.getMessage(), error);
    }
  }

  @Teardown
  public void teardown() {
    try {
      if (producer != null) {
        producer.close();
        producer = null;
      }
    } finally {
      if (admin != null) {
        admin.close();
        admin = null;
      }
    }
  }

  private void ensureTopic(String topic) throws InterruptedException, ExecutionException {
    if (topics.contains(topic)) {
      return;
    }
    NewTopic compacted =
        new NewTopic(topic, Optional.empty(), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(compacted)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    topics.add(topic);
  }
}
