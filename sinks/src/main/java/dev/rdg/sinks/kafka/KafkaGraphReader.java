package dev.rdg.sinks.kafka;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.MemoryGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The graph of a {@link KafkaGraphSink}, read back: every record of its node and edge topics from the
 * beginning to the current end, per key (an element's window) the pane with the most events, then the window
 * shares of each element merged with {@link Observations#merge}. Panes accumulate, so a pane with fewer
 * events than one before it is an earlier pane handed over late, and is ignored, as every sink ignores it. The whole graph is held in memory: this is
 * for export and tests, not for serving queries.
 */
final class KafkaGraphReader {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private KafkaGraphReader() {}

  static GraphReader read(Map<String, String> clients, String prefix) {
    Map<NodeRef, Observations> nodeShares = new HashMap<>();
    Map<EdgeRef, Observations> edgeShares = new HashMap<>();
    for (UpsertRecords.Upsert upsert : windowShares(clients, prefix).values()) {
      if (upsert.node != null) {
        nodeShares.merge(upsert.node.ref(), upsert.node.seen(), Observations::merge);
      } else {
        edgeShares.merge(upsert.edge.ref(), upsert.edge.seen(), Observations::merge);
      }
    }
    List<Node> nodes = new ArrayList<>();
    nodeShares.forEach((ref, seen) -> nodes.add(Node.of(ref, seen, null)));
    List<Edge> edges = new ArrayList<>();
    edgeShares.forEach((ref, seen) -> edges.add(Edge.of(ref, seen, null)));
    return MemoryGraph.of(nodes, edges);
  }

  /**
   * Every key's share of the graph's topics, by topic and key: its latest value unless that has fewer events
   * than the one kept; tombstones delete.
   */
  private static Map<String, UpsertRecords.Upsert> windowShares(Map<String, String> clients, String prefix) {
    Map<String, Object> config = new HashMap<>(clients);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, UpsertRecords.Upsert> shares = new HashMap<>();
    try (Admin admin = Admin.create(new HashMap<>(config));
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      Set<String> topics =
          admin.listTopics().names().get().stream()
              .filter(
                  t ->
                      t.startsWith(UpsertRecords.nodeTopic(prefix, ""))
                          || t.startsWith(UpsertRecords.edgeTopic(prefix, "")))
              .collect(Collectors.toSet());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "kafka sink: could not read the topics " + topics + " to their end within " + TIMEOUT);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          String key = record.topic() + '\n' + record.key();
          if (record.value() == null) {
            shares.remove(key);
          } else {
            shares.merge(key, UpsertRecords.parse(record.value()), KafkaGraphReader::laterPane);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("kafka sink: interrupted while reading the graph", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("kafka sink: cannot list topics: " + e.getCause().getMessage(), e);
    }
    return shares;
  }

  private static UpsertRecords.Upsert laterPane(UpsertRecords.Upsert kept, UpsertRecords.Upsert next) {
    return next.seen().count() < kept.seen().count() ? kept : next;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
