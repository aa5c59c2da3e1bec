package dev.rdg.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.CountingSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link FirstRecordsSource}: exactly the first records of an unbounded source, or what a time bound lets through. */
@RunWith(JUnit4.class)
public class FirstRecordsSourceTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void testReadsExactlyTheFirstRecords() {
    PCollection<Long> read = pipeline.apply(new ReadFirst(25_000, null));
    List<Long> expected = LongStream.range(0, 25_000).boxed().collect(Collectors.toList());
    PAssert.that(read).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  /**
   * An end position stops the read before the count does, also across gaps: positions 0, 2, 4, … (record n
   * at 2n) with end 101 read records 0..50 (the one at 100 is the last before the end); with end 100 the
   * record at 100 is past it, left out, and ends the read: 0..49.
   */
  @Test
  public void testStopsAtTheEndPositionAcrossGaps() {
    PCollection<Long> toTheLast =
        pipeline
            .apply("ToTheLast", Read.from(FirstRecordsSource.of(CountingSource.unbounded(), 1_000, null)
                .withEnd(n -> 2 * n, 101)))
            .apply("UnbatchToTheLast", ParDo.of(new FirstRecordsSource.UnbatchFn<Long>()))
            .setCoder(VarLongCoder.of());
    PCollection<Long> pastTheEnd =
        pipeline
            .apply("PastTheEnd", Read.from(FirstRecordsSource.of(CountingSource.unbounded(), 1_000, null)
                .withEnd(n -> 2 * n, 100)))
            .apply("UnbatchPastTheEnd", ParDo.of(new FirstRecordsSource.UnbatchFn<Long>()))
            .setCoder(VarLongCoder.of());
    PAssert.that(toTheLast).containsInAnyOrder(LongStream.rangeClosed(0, 50).boxed().collect(Collectors.toList()));
    PAssert.that(pastTheEnd).containsInAnyOrder(LongStream.range(0, 50).boxed().collect(Collectors.toList()));
    pipeline.run().waitUntilFinish();
  }

  /** A source with more records than the run has time for stops at the time bound, having read some. */
  @Test
  public void testStopsAtTheTimeBoundWithRecordsStillComing() {
    PCollection<Long> count =
        pipeline
            .apply(new ReadFirst(Long.MAX_VALUE, Duration.millis(500)))
            .apply(Count.globally());
    PAssert.thatSingleton(count).satisfies(atLeastOne());
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void testNeverSplits() throws Exception {
    FirstRecordsSource<Long> source = FirstRecordsSource.of(CountingSource.unbounded(), 10, null);
    assertThat(source.split(1, PipelineOptionsFactory.create()), contains(source));
  }

  @Test
  public void testRejectsBadBounds() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FirstRecordsSource.of(CountingSource.unbounded(), 0, null))
            .getMessage(),
        containsString("maxRecords must be >= 1, but was 0"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> FirstRecordsSource.of(CountingSource.unbounded(), 1, Duration.ZERO))
            .getMessage(),
        containsString("maxReadTime must be longer than 0"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FirstRecordsSource.of(null, 1, null)).getMessage(),
        containsString("source is null"));
  }

  /** The Beam in use still lets ReadKafkaEvents make KafkaIO's unbounded source (no broker needed). */
  @Test
  public void testKafkaIoStillMakesItsUnboundedSource() {
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers("127.0.0.1:1")
            .withTopic("playback")
            .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()))
            .withValueDeserializerAndCoder(ByteArrayDeserializer.class, NullableCoder.of(ByteArrayCoder.of()));
    assertThat(
        BoundedKafkaSource.unboundedSource(read).getOutputCoder(),
        equalTo(KafkaRecordCoder.of(NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of()))));
  }

  /** Each record keeps its own timestamp (here record n is stamped n ms after the epoch). */
  @Test
  public void testRecordsKeepTheirTimestamps() {
    PCollection<Long> mismatches =
        pipeline
            .apply(new ReadFirst(3_000, null))
            .apply(ParDo.of(new StampedFn()))
            .apply(Filter.by((KV<Long, Long> stamped) -> !stamped.getKey().equals(stamped.getValue())))
            .apply(Count.globally());
    PAssert.thatSingleton(mismatches).isEqualTo(0L);
    pipeline.run().waitUntilFinish();
  }

  /** The record and its element timestamp in milliseconds. */
  private static final class StampedFn extends DoFn<Long, KV<Long, Long>> {
    @ProcessElement
    public void processElement(@Element Long record, @Timestamp Instant timestamp, OutputReceiver<KV<Long, Long>> out) {
      out.output(KV.of(record, timestamp.getMillis()));
    }
  }

  /**
   * {@code CountingSource}'s first records (record n stamped n ms after the epoch) through a {@link
   * FirstRecordsSource} and its {@code UnbatchFn}.
   */
  private static final class ReadFirst extends PTransform<PBegin, PCollection<Long>> {
    private final long maxRecords;
    private final Duration maxReadTime;

    ReadFirst(long maxRecords, Duration maxReadTime) {
      this.maxRecords = maxRecords;
      this.maxReadTime = maxReadTime;
    }

    @Override
    public PCollection<Long> expand(PBegin input) {
      return input
          .apply(Read.from(FirstRecordsSource.of(CountingSource.unboundedWithTimestampFn(Instant::new), maxRecords, maxReadTime)))
          .apply(ParDo.of(new FirstRecordsSource.UnbatchFn<Long>()))
          .setCoder(VarLongCoder.of());
    }
  }

  private static SerializableFunction<Long, Void> atLeastOne() {
    return count -> {
      assertThat(count, greaterThan(0L));
      return null;
    };
  }
}
