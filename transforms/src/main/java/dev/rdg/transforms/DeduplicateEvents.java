package dev.rdg.transforms;

import dev.rdg.model.Keys;
import dev.rdg.model.MappedEvent;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Drops redelivered events: an event is {@code (source, event id)}, and only the assertions of its first
 * delivery pass, so a redelivery changes nothing (Kafka's at-least-once, a replayed file, a retried
 * upstream).
 *
 * <p>Beam's {@code Deduplicate} keeps one element per key but cannot count what it drops; this keeps per
 * event an entry that a delivery passed, passes the first one to arrive and counts the others. It
 * works on whole {@link MappedEvent}s, so an event's assertions pass or drop together and each
 * delivery costs one state lookup. The entries are kept in buckets of events (a map state per bucket),
 * not one state per event, so runners that set up state per key do it a few hundred times per horizon,
 * not once per event.
 *
 * <p>That state lives in fixed event-time windows of {@code horizon}, with {@code horizon} of allowed
 * lateness: a redelivery carries its event's time and so lands in the same window as the first delivery,
 * and the runner frees the state when the window expires. No timer is needed, so nothing holds the
 * watermark back. State for an event id is thus bounded: it lives at most two horizons of event time
 * (its horizon window, then the horizon of lateness), so memory stays flat on an endless stream.
 *
 * <p>A redelivery after the horizon (the watermark past its window's end plus the horizon) is late for
 * this state: {@link DivertTooLateEvents}, given the same horizon, takes it out before this step as a
 * {@code too late} dead letter counted in {@code rdg/late}, so it is reported and never counted twice. On
 * bounded input the watermark only advances at the end, so every redelivery is recognised.
 *
 * <pre>{@code
 * PCollection<MappedEvent> unique = events.apply(DeduplicateEvents.within(Duration.standardMinutes(10)));
 * }</pre>
 */
public final class DeduplicateEvents
    extends PTransform<PCollection<MappedEvent>, PCollection<MappedEvent>> {
  public static final Duration DEFAULT_HORIZON = Duration.standardMinutes(10);
  /**
   * Buckets per horizon window: the state's keys. In a stream one or two horizon windows are open, so
   * 256 keys spread the dedup over a few dozen workers; in batch a runner sets state up 256 times per
   * horizon, not once per event.
   */
  static final int BUCKETS = 256;

  private final Duration horizon;

  private DeduplicateEvents(Duration horizon) {
    this.horizon = horizon;
  }

  /** Recognises redeliveries for {@code horizon} of event time after an event. */
  public static DeduplicateEvents within(Duration horizon) {
    if (horizon == null || !horizon.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("dedup horizon must be > 0, but was " + horizon);
    }
    return new DeduplicateEvents(horizon);
  }

  @Override
  public PCollection<MappedEvent> expand(PCollection<MappedEvent> events) {
    return events
        .apply(
            "HorizonWindows",
            Window.<MappedEvent>into(FixedWindows.of(horizon))
                .withAllowedLateness(horizon)
                .discardingFiredPanes())
        .apply("KeyByBucket", ParDo.of(new KeyByBucketFn(horizon)))
        .setCoder(
            KvCoder.of(
                KvCoder.of(BigEndianLongCoder.of(), VarIntCoder.of()), MappedEvent.MappedEventCoder.of()))
        .apply("DropRedeliveries", ParDo.of(new DropRedeliveriesFn()))
        .setCoder(MappedEvent.MappedEventCoder.of());
  }

  /**
   * Keys an event by its horizon window's start and a bucket of its {@code (source, event id)}: every
   * delivery of an event gets the same key. Runners that set up state per key (Flink in batch builds a DoFn
   * per key) do so per bucket, not per event; and a runner that sorts the encoded keys to group them
   * (Flink in batch does) hands events on a horizon at a time, so {@link CoalesceUpdates} merges most of
   * an element's assertions in memory instead of in the shuffle.
   */
  static final class KeyByBucketFn extends DoFn<MappedEvent, KV<KV<Long, Integer>, MappedEvent>> {
    private final long horizonMillis;

    KeyByBucketFn(Duration horizon) {
      this.horizonMillis = horizon.getMillis();
    }

    @ProcessElement
    public void processElement(
        @Element MappedEvent event, OutputReceiver<KV<KV<Long, Integer>, MappedEvent>> out) {
      long time = event.eventTime().getMillis();
      long windowStart = time - Math.floorMod(time, horizonMillis);
      int bucket = Math.floorMod(eventKey(event).hashCode(), BUCKETS);
      out.output(KV.of(KV.of(windowStart, bucket), event));
    }
  }

  private static String eventKey(MappedEvent event) {
    return Keys.encode(event.source(), event.eventId());
  }

  /** Passes an event's first delivery; counts each later delivery. */
  static final class DropRedeliveriesFn extends DoFn<KV<KV<Long, Integer>, MappedEvent>, MappedEvent> {
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);

    /** The events of this bucket a delivery passed of: one small entry per event, not its payload. */
    @StateId("delivered")
    private final StateSpec<MapState<String, Boolean>> deliveredSpec =
        StateSpecs.map(StringUtf8Coder.of(), BooleanCoder.of());

    @ProcessElement
    public void processElement(
        @Element KV<KV<Long, Integer>, MappedEvent> element,
        @StateId("delivered") MapState<String, Boolean> delivered,
        OutputReceiver<MappedEvent> out) {
      MappedEvent event = element.getValue();
      if (delivered.putIfAbsent(eventKey(event), true).read() == null) {
        out.output(event);
      } else {
        duplicates.inc();
      }
    }
  }
}
