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
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link BoundedKafkaSource} against a real broker in this JVM, on three topics of 100, 10 and 1 records:
 * the shares it splits into, and that a run reads exactly its count, each partition's first records.
 */
@RunWith(JUnit4.class)
public class BoundedKafkaSourceIT {
  private static final List<String> TOPICS = List.of("big", "middle", "small");
  private static KafkaTestBroker broker;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @BeforeClass
  public static void startBroker() throws Exception {
    broker = KafkaTestBroker.startInJvm();
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
    assertThat(shares(111), contains(100L, 10L, 1L));
    assertThat(shares(55), contains(50L, 5L)); // the small topic's share is 0: no split
    assertThat(shares(112), contains(112L)); // more than the topics hold: one reader waits for the rest
  }

  /** 55 of 111 records: the first 50 of the big topic, the first 5 of the middle one, none of the small one. */
  @Test
  public void testReadsExactlyTheFirstRecordsOfEachShare() {
    PCollection<String> values =
        pipeline
            .apply(Read.from(BoundedKafkaSource.of(read("read-group"), TOPICS, 55, null)))
            .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<KafkaRecord<byte[], byte[]>>()))
            .setCoder(KafkaRecordCoder.of(NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of())))
            .apply(MapElements.into(TypeDescriptors.strings()).via(record -> new String(record.getKV().getValue())));
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 50).forEach(i -> expected.add("big" + i));
    IntStream.range(0, 5).forEach(i -> expected.add("middle" + i));
    PAssert.that(values).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  private static List<Long> shares(long maxRecords) throws Exception {
    List<Long> shares = new ArrayList<>();
    for (FirstRecordsSource<KafkaRecord<byte[], byte[]>> split :
        BoundedKafkaSource.of(read("split-group"), TOPICS, maxRecords, null).split(0, PipelineOptionsFactory.create())) {
      shares.add(split.maxRecords());
    }
    return shares;
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
