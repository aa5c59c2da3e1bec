package dev.rdg.transforms;

import dev.rdg.model.GraphMutation;
import dev.rdg.model.Keys;
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
 * <p>Beam's {@code Deduplicate} keeps one element per key; an event has several assertions, all of which
 * must pass or none, and its redeliveries must be counted, so this keeps per event the position of the
 * delivery that came first.
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
 * PCollection<GraphMutation> unique = mutations.apply(DeduplicateEvents.within(Duration.standardMinutes(10)));
 * }</pre>
 */
public final class DeduplicateEvents
    extends PTransform<PCollection<GraphMutation>, PCollection<GraphMutation>> {
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
  public PCollection<GraphMutation> expand(PCollection<GraphMutation> mutations) {
    return mutations
        .apply(
            "HorizonWindows",
            Window.<GraphMutation>into(FixedWindows.of(horizon))
                .withAllowedLateness(horizon)
                .discardingFiredPanes())
        .apply(
            "KeyByEvent",
            WithKeys.<String, GraphMutation>of(
                    m -> Keys.encode(m.source(), m.eventId()))
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), GraphMutation.GraphMutationCoder.of()))
        .apply("DropRedeliveries", ParDo.of(new DropRedeliveriesFn(horizon)))
        .setCoder(GraphMutation.GraphMutationCoder.of());
  }

  /** Passes the assertions of an event's first delivery; counts each later delivery once. */
  static final class DropRedeliveriesFn extends DoFn<KV<String, GraphMutation>, GraphMutation> {
    private final Duration horizon;
    private final Counter duplicates = GraphCounters.counter(GraphCounters.DUPLICATES);

    @StateId("firstDelivery")
    private final StateSpec<ValueState<String>> firstDeliverySpec = StateSpecs.value(StringUtf8Coder.of());

    DropRedeliveriesFn(Duration horizon) {
      this.horizon = horizon;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, GraphMutation> element,
        @StateId("firstDelivery") ValueState<String> firstDelivery,
        OutputReceiver<GraphMutation> out) {
      GraphMutation mutation = element.getValue();
      String first = firstDelivery.read();
      if (first == null) {
        firstDelivery.write(mutation.position());
        first = mutation.position();
      }
      if (first.equals(mutation.position())) {
        out.output(mutation);
      } else if (mutation.ordinal() == 0) {
        duplicates.inc();
      }
    }
  }
}
