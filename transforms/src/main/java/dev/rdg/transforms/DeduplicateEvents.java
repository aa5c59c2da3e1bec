package dev.rdg.transforms;

import dev.rdg.model.Keys;
import dev.rdg.model.MappedEvent;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Drops redelivered events: an event is {@code (source, event id)}, and only the assertions of its first
 * delivery pass, so a redelivery changes nothing (Kafka's at-least-once, a replayed file, a retried
 * upstream).
 *
 * <p>Beam's {@code Deduplicate} keeps one element per key but cannot count what it drops; this keeps per
 * event a flag that a delivery passed, passes the first one to arrive and counts the others. It
 * works on whole {@link MappedEvent}s, so an event's assertions pass or drop together and each
 * redelivery costs one state lookup.
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
        .apply(
            "KeyByEvent",
            WithKeys.<String, MappedEvent>of(e -> Keys.encode(e.source(), e.eventId()))
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MappedEvent.MappedEventCoder.of()))
        .apply("DropRedeliveries", ParDo.of(new DropRedeliveriesFn()))
        .setCoder(MappedEvent.MappedEventCoder.of());
  }

  /** Passes an event's first delivery; counts each later delivery. */
  static final class DropRedeliveriesFn extends DoFn<KV<String, MappedEvent>, MappedEvent> {
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);

    /** Whether a delivery of this event passed already: one small flag per event id, not its payload. */
    @StateId("delivered")
    private final StateSpec<ValueState<Boolean>> deliveredSpec = StateSpecs.value(BooleanCoder.of());

    @ProcessElement
    public void processElement(
        @Element KV<String, MappedEvent> element,
        @StateId("delivered") ValueState<Boolean> delivered,
        OutputReceiver<MappedEvent> out) {
      if (delivered.read() == null) {
        delivered.write(true);
        out.output(element.getValue());
      } else {
        duplicates.inc();
      }
    }
  }
}
