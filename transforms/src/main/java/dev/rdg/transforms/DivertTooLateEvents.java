package dev.rdg.transforms;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.MappedEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Diverts to the dead letters, before any window, the events that {@link CoalesceUpdates} would drop as
 * too late: counts them ({@code rdg/late}) and turns them into dead letters (reason {@code too late: …}, with how far
 * behind the watermark they were), so no event is lost without a trace. They stay in the stream as
 * {@linkplain MappedEvent#rejected rejected} events, which {@code CoalesceUpdates} hands on as dead
 * letters; events rejected before pass through untouched.
 *
 * <h3>Why a transform of its own</h3>
 * Beam drops droppable data (event time beyond its window's end plus allowed lateness, measured against the
 * input watermark) inside {@code GroupByKey} and stateful {@code ParDo} without telling the pipeline: the
 * runner counts it in its own {@code droppedDueToLateness} metric at best. Beam gives a {@code DoFn} no way
 * to read the watermark, but an event-time timer that fires proves the watermark passed its time.
 *
 * <h3>Design</h3>
 * Every event has a deadline: its coalescing window's garbage-collection time (window end − 1 ms +
 * allowed lateness); after that, the runner drops it. A stateful {@code DoFn} in the global window, keyed
 * by the event's source, keeps the deadlines of the events it let through and one event-time timer at the
 * earliest of them plus 1 ms. When a
 * timer fires, the watermark is past that deadline: the timer's time becomes the source's known watermark
 * (a lower bound of the real one) and the timer moves to the next deadline. An event whose deadline is
 * before the known watermark is too late; any other goes on.
 *
 * <p>Why that is sound: a runner that fires event-time timers as the watermark reaches them, before it
 * processes later elements (Flink does), has fired the timer of every passed deadline the watermark
 * reached, and an element cannot be overtaken by the watermark on its way downstream. So an event let
 * through whose window this source has already seen is never dropped downstream.
 *
 * <h3>Limits</h3>
 * <ul>
 *   <li>An event for a window this source has no pending deadline at or before, arriving after the
 *       watermark passed its deadline, goes through and is dropped by the runner uncounted: the first event
 *       of a window can be that late only when the watermark moved on without the source's data (another
 *       source, or an idle-source timeout), which is rare.
 *   <li>Runners fire timers between bundles (the DirectRunner in bundles of their own, Flink when a bundle
 *       of up to {@code --maxBundleSize} elements is done), so the known watermark can lag and a late event
 *       may go through; the same bundling holds the watermark back from the steps downstream until that
 *       bundle's elements are ahead of it, so such an event is less late there too and is counted in its
 *       window, not dropped.
 *   <li>One key per source: the check of one source runs on one worker at a time (a state read per
 *       event; it is not where the time goes). Events rejected before (unmappable) go the same way,
 *       through untouched: a source that sends mostly garbage still costs its shuffle.
 * </ul>
 *
 * <p>On bounded input nothing is ever late (the watermark passes the windows only once all input is read),
 * so the step passes bounded events through untouched and costs nothing in a backfill.
 *
 * <p>The timers carry no output timestamp ({@link Timer#withNoOutputTimestamp()}), so the detector never
 * holds the watermark back; its state per source is the known watermark and the deadlines of the windows
 * still open, a few numbers.
 *
 * <pre>{@code
 * PCollection<MappedEvent> checked = events.apply(
 *     DivertTooLateEvents.forWindows(window, allowedLateness));
 * }</pre>
 */
public final class DivertTooLateEvents extends PTransform<PCollection<MappedEvent>, PCollection<MappedEvent>> {
  /** The reason of a too-late dead letter starts with this. */
  public static final String REASON = "too late";

  private final Duration window;
  private final Duration allowedLateness;

  private DivertTooLateEvents(Duration window, Duration allowedLateness) {
    this.window = window;
    this.allowedLateness = allowedLateness;
  }

  /** Diverts what {@code CoalesceUpdates.inWindowsOf(window).withAllowedLateness(lateness)} would drop. */
  public static DivertTooLateEvents forWindows(Duration window, Duration allowedLateness) {
    CoalesceUpdates.checkWindowing(window, allowedLateness);
    return new DivertTooLateEvents(window, allowedLateness);
  }

  @Override
  public PCollection<MappedEvent> expand(PCollection<MappedEvent> events) {
    if (events.isBounded() == PCollection.IsBounded.BOUNDED) {
      // On bounded input the watermark stays behind every element until the input is done, then jumps
      // past every window: nothing is ever late, and the check would only cost a shuffle keyed by source.
      return events;
    }
    return events
            .apply("GlobalWindow", Window.<MappedEvent>into(new GlobalWindows()))
            .apply(
                "KeyBySource",
                WithKeys.of(MappedEvent::source).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), MappedEvent.MappedEventCoder.of()))
            .apply("DivertTooLate", ParDo.of(new DivertTooLateFn(new Deadlines(window, allowedLateness))))
            .setCoder(MappedEvent.MappedEventCoder.of());
  }

  /** When the runner drops an event: the garbage-collection time of its window. */
  static final class Deadlines implements Serializable {
    private final FixedWindows windows;
    private final Duration allowedLateness;

    Deadlines(Duration window, Duration allowedLateness) {
      this.windows = FixedWindows.of(window);
      this.allowedLateness = allowedLateness;
    }

    Instant of(Instant eventTime) {
      return windows.assignWindow(eventTime).maxTimestamp().plus(allowedLateness);
    }
  }

  /** Lets events through until the known watermark passes their deadline; rejects them after. */
  static final class DivertTooLateFn extends DoFn<KV<String, MappedEvent>, MappedEvent> {
    private final Deadlines deadlines;
    private final Counter late = GraphCounters.counter(GraphCounters.LATE);

    @StateId("knownWatermark")
    private final StateSpec<ValueState<Long>> knownWatermarkSpec = StateSpecs.value(VarLongCoder.of());

    /** The deadlines of the events let through, ascending, that the known watermark has not passed. */
    @StateId("pending")
    private final StateSpec<ValueState<List<Long>>> pendingSpec =
        StateSpecs.value(ListCoder.of(VarLongCoder.of()));

    @TimerId("deadline")
    private final TimerSpec deadlineSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    DivertTooLateFn(Deadlines deadlines) {
      this.deadlines = deadlines;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, MappedEvent> element,
        @StateId("knownWatermark") ValueState<Long> knownWatermark,
        @StateId("pending") ValueState<List<Long>> pending,
        @TimerId("deadline") Timer timer,
        OutputReceiver<MappedEvent> out) {
      MappedEvent event = element.getValue();
      if (event.isRejected()) {
        out.output(event);
        return;
      }
      long deadline = deadlines.of(event.eventTime()).getMillis();
      Long known = knownWatermark.read();
      if (known != null && deadline < known) {
        late.inc();
        out.output(MappedEvent.rejected(DeadLetter.of(event, reason(event, known))));
        return;
      }
      List<Long> deadlinesPending = pending.read();
      List<Long> updated = deadlinesPending == null ? new ArrayList<>() : new ArrayList<>(deadlinesPending);
      int at = Collections.binarySearch(updated, deadline);
      if (at < 0) {
        updated.add(-at - 1, deadline);
        pending.write(updated);
        if (-at - 1 == 0) {
          setTimer(timer, deadline);
        }
      }
      out.output(event);
    }

    @OnTimer("deadline")
    public void onDeadline(
        OnTimerContext context,
        @StateId("knownWatermark") ValueState<Long> knownWatermark,
        @StateId("pending") ValueState<List<Long>> pending,
        @TimerId("deadline") Timer timer) {
      long passed = context.fireTimestamp().getMillis();
      Long known = knownWatermark.read();
      if (known == null || known < passed) {
        knownWatermark.write(passed);
      }
      List<Long> deadlinesPending = pending.read();
      List<Long> open = new ArrayList<>();
      if (deadlinesPending != null) {
        deadlinesPending.stream().filter(d -> d >= passed).forEach(open::add);
      }
      pending.write(open);
      if (!open.isEmpty()) {
        setTimer(timer, open.get(0));
      }
    }

    /** Fires once the watermark is past {@code deadline}, holding nothing back. */
    private static void setTimer(Timer timer, long deadline) {
      timer.withNoOutputTimestamp().set(new Instant(deadline + 1));
    }

    private static String reason(MappedEvent event, long knownWatermark) {
      Duration behind = new Duration(event.eventTime().getMillis(), knownWatermark);
      return REASON
          + ": event time "
          + event.eventTime()
          + " arrived at least "
          + behind
          + " behind the watermark ("
          + new Instant(knownWatermark)
          + "), beyond its window's allowed lateness";
    }
  }
}
