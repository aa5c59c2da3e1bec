package dev.rdg.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link BoundedKafkaSource} against a real broker in this JVM, on three topics of 100, 10 and 1 records
 * and one of none: the shares it splits into, that a run reads exactly its count, each partition's first
 * records, and that a run to the end offsets reads what the partitions hold and ends.
 */
@RunWith(JUnit4.class)
public class BoundedKafkaSourceIT {
  private static final List<String> TOPICS = List.of("big", "middle", "small");
  private static KafkaTestBroker broker;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @BeforeClass
  public static void startBroker() throws Exception {
    broker = KafkaTestBroker.startInJvm();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      admin.createTopics(List.of(new NewTopic("empty", 1, (short) 1))).all().get();
    }
    int[] sizes = {100, 10, 1};
    for (int t = 0; t < TOPICS.size(); t++) {
      String topic = TOPICS.get(t);
      broker.produce(topic, IntStream.range(0, sizes[t]).mapToObj(i -> topic + i).collect(Collectors.toList()));
    }
  }

  @AfterClass
  public static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  public void testSplitsIntoEachPartitionsShareOfItsBacklog() throws Exception {
    assertThat(shares(111, false), contains(100L, 10L, 1L));
    assertThat(shares(55, false), contains(50L, 5L)); // the small topic's share is 0: no split
    assertThat(shares(112, false), contains(112L)); // more than the topics hold: one reader waits for the rest
    assertThat(shares(Long.MAX_VALUE, true), contains(100L, 10L, 1L)); // to the end offsets
  }

  /** To the end offsets: all 111 records; a topic without records: none, and the run ends. */
  @Test
  public void testStopAtEndReadsWhatThePartitionsHold() {
    PCollection<Long> all =
        pipeline.apply("All", new ReadValues(TOPICS, true)).apply("CountAll", Count.globally());
    PAssert.thatSingleton(all).isEqualTo(111L);
    PAssert.that(pipeline.apply("Empty", new ReadValues(List.of("empty"), true))).empty();
    pipeline.run().waitUntilFinish();
  }

  /** 55 of 111 records: the first 50 of the big topic, the first 5 of the middle one, none of the small one. */
  @Test
  public void testReadsExactlyTheFirstRecordsOfEachShare() {
    PCollection<String> values = pipeline.apply(new ReadValues(TOPICS, 55, false));
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 50).forEach(i -> expected.add("big" + i));
    IntStream.range(0, 5).forEach(i -> expected.add("middle" + i));
    PAssert.that(values).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  private static List<Long> shares(long maxRecords, boolean stopAtEnd) throws Exception {
    List<Long> shares = new ArrayList<>();
    for (BoundedSource<?> split :
        BoundedKafkaSource.of(read("split-group"), TOPICS, maxRecords, stopAtEnd, null)
            .split(0, PipelineOptionsFactory.create())) {
      shares.add(((FirstRecordsSource<?>) split).maxRecords());
    }
    return shares;
  }

  /** The records' values of a {@link BoundedKafkaSource}. */
  private static final class ReadValues extends PTransform<PBegin, PCollection<String>> {
    private final List<String> topics;
    private final long maxRecords;
    private final boolean stopAtEnd;

    ReadValues(List<String> topics, boolean stopAtEnd) {
      this(topics, Long.MAX_VALUE, stopAtEnd);
    }

    ReadValues(List<String> topics, long maxRecords, boolean stopAtEnd) {
      this.topics = topics;
      this.maxRecords = maxRecords;
      this.stopAtEnd = stopAtEnd;
    }

    @Override
    public PCollection<String> expand(PBegin input) {
      return input
          .apply(Read.from(BoundedKafkaSource.of(read("read-group"), topics, maxRecords, stopAtEnd, null)))
          .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<KafkaRecord<byte[], byte[]>>()))
          .setCoder(ReadKafkaEvents.RECORD_CODER)
          .apply(MapElements.into(TypeDescriptors.strings()).via(record -> new String(record.getKV().getValue())));
    }
  }

  private static KafkaIO.Read<byte[], byte[]> read(String group) {
    return KafkaIO.<byte[], byte[]>read()
        .withBootstrapServers(broker.bootstrap())
        .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
        .withValueDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
        .withConsumerConfigUpdates(
            Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
  }
}
