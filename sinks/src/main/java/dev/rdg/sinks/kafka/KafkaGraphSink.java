package dev.rdg.sinks.kafka;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.sinks.DeadLetterSink;
import dev.rdg.sinks.GraphReader;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka sink, {@code kafka://HOST:PORT[,HOST:PORT…]?prefix=rdg}: publishes every node and edge upsert as
 * a JSON record to one topic per node type and per edge type ({@code rdg.node.account},
 * {@code rdg.edge.started_watching}), keyed by the element and its window, and the dead letters to
 * {@code rdg.deadletters}, for downstream stores to consume (the "Data Mesh hop" of Netflix's graph).
 *
 * <p>The topics are created compacted: compaction keeps the last pane written of each window of each
 * element, which is all a reader needs, except when an earlier pane was written after a later one (a retried
 * bundle, edges released together by {@code WriteGraph}'s wait): reading before compaction keeps the pane
 * with more events, compaction may keep the earlier one, whose window then counts fewer events until the
 * window's next pane. {@link #openReader} reads the topics back and merges the windows of each
 * element with the same rules as every sink (min first seen, max last seen, counts summed over windows,
 * properties last-write-wins), so {@code rdg export --sink=kafka://…} exports the same lines as the embedded
 * store. Records are written with {@code acks=all} and idempotence; a replay republishes the same keys and
 * values, so the merged graph does not change. Any other query parameter is passed to the Kafka clients
 * ({@code kafka://broker:9093?prefix=rdg&security.protocol=SSL}); their values are not shown in display data.
 *
 * <pre>{@code
 * GraphSink sink = GraphSinks.fromUri("kafka://127.0.0.1:9092?prefix=rdg");
 * graph.apply(WriteGraph.to(sink));
 * }</pre>
 */
public final class KafkaGraphSink implements DeadLetterSink {
  /** The URI scheme of this sink. */
  public static final String SCHEME = "kafka";

  private static final long serialVersionUID = 1L;

  private final String bootstrap;
  private final String prefix;
  private final TreeMap<String, String> clientProperties;
  private final String uri;

  private KafkaGraphSink(String bootstrap, String prefix, Map<String, String> clientProperties, String uri) {
    this.bootstrap = bootstrap;
    this.prefix = prefix;
    this.clientProperties = new TreeMap<>(clientProperties);
    this.uri = uri;
  }

  /** The sink publishing to the brokers {@code bootstrap} under topic prefix {@code prefix}. */
  public static KafkaGraphSink of(String bootstrap, String prefix, Map<String, String> clientProperties, String uri) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("kafka sink: no bootstrap servers (expected kafka://HOST:PORT)");
    }
    if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "kafka sink: prefix '" + prefix + "' must be letters, digits, '_' or '-'");
    }
    return new KafkaGraphSink(bootstrap, prefix, clientProperties, uri);
  }

  public String bootstrap() {
    return bootstrap;
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    String topicPrefix = prefix;
    return send(
        node ->
            new ProducerRecord<>(
                UpsertRecords.nodeTopic(topicPrefix, node.ref().type()),
                UpsertRecords.key(node),
                UpsertRecords.value(node)));
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    String topicPrefix = prefix;
    return send(
        edge ->
            new ProducerRecord<>(
                UpsertRecords.edgeTopic(topicPrefix, edge.ref().type()),
                UpsertRecords.key(edge),
                UpsertRecords.value(edge)));
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> writeDeadLetters() {
    String topic = UpsertRecords.deadLetterTopic(prefix);
    return send(
        deadLetter ->
            new ProducerRecord<>(
                topic,
                Keys.encode(deadLetter.origin(), Long.toString(deadLetter.offset())),
                GraphJson.line(deadLetter)));
  }

  @Override
  public GraphReader openReader() {
    return KafkaGraphReader.read(clients(), prefix);
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String toString() {
    return SCHEME + "://" + bootstrap + "?prefix=" + prefix;
  }

  /** The Kafka client configuration: the bootstrap servers and the URI's pass-through properties. */
  Map<String, String> clients() {
    Map<String, String> clients = new HashMap<>(clientProperties);
    clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return clients;
  }

  private <T> PTransform<PCollection<T>, PCollection<DeadLetter>> send(
      SerializableFunction<T, ProducerRecord<String, String>> toRecord) {
    return new Publish<>(new SendFn<>(clients(), toRecord), this);
  }

  /** Publishes a collection with a {@link SendFn}. */
  private static final class Publish<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
    private final SendFn<T> sendFn;
    private final KafkaGraphSink sink;

    Publish(SendFn<T> sendFn, KafkaGraphSink sink) {
      this.sendFn = sendFn;
      this.sink = sink;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<T> elements) {
      return elements.apply("Publish", ParDo.of(sendFn));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("bootstrapServers", sink.bootstrap).withLabel("Kafka bootstrap servers"));
      builder.add(DisplayData.item("topicPrefix", sink.prefix).withLabel("Topic prefix"));
      sink.clientProperties.keySet()
          .forEach(name -> builder.add(DisplayData.item("kafka." + name, "<provided>")));
    }
  }
}
