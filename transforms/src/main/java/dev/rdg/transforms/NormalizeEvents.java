package dev.rdg.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.mapping.EventMapper;
import dev.rdg.mapping.LookupTable;
import dev.rdg.mapping.Mapping;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Turns raw events into node and edge assertions through the declarative {@link Mapping}; every event
 * that cannot be mapped becomes a {@link DeadLetter} with the stage and reason, and every event a filter
 * drops is counted by source and reason, so nothing is lost and nothing crashes the job.
 *
 * <p>The dead letters stay in the output, as {@linkplain MappedEvent#rejected rejected} events, until
 * {@link CoalesceUpdates} hands them on after its in-memory merge: a dead-letter output of its own would
 * cost Flink's batch runner an extra encoding and two decodings of every event (see {@link MappedEvent}).
 *
 * <p>The mapping's lookup tables are read once, by a step of the pipeline, and reach the mapping step as a
 * side input (name → key → row), so enrichment works the same on every runner. Each mapped event (its
 * assertions together) is stamped with its event's time, so windowing downstream is by event time.
 *
 * <p>Counters (namespace {@value GraphCounters#NAMESPACE}): {@code read}, {@code mapped}, {@code filtered},
 * {@code deadLettered}, {@code skippedPatterns}, {@code lookupMisses}; per reason in namespace
 * {@value GraphCounters#FILTERED_BY} ({@code source: reason}) and {@value GraphCounters#DEAD_LETTERED_BY}
 * ({@code source: reason kind}).
 *
 * <pre>{@code
 * PCollection<MappedEvent> normalized = events.apply(NormalizeEvents.with(mapping)); // mapped or rejected
 * }</pre>
 */
public final class NormalizeEvents extends PTransform<PCollection<RawEvent>, PCollection<MappedEvent>> {
  private final Mapping mapping;

  private NormalizeEvents(Mapping mapping) {
    this.mapping = mapping;
  }

  public static NormalizeEvents with(Mapping mapping) {
    if (mapping == null) {
      throw new IllegalArgumentException("NormalizeEvents.with() needs a mapping");
    }
    return new NormalizeEvents(mapping);
  }

  @Override
  public PCollection<MappedEvent> expand(PCollection<RawEvent> events) {
    PCollectionView<Map<String, Map<String, String>>> lookups = null;
    List<String> names = new ArrayList<>(mapping.lookups().keySet());
    if (!names.isEmpty()) {
      lookups =
          events
              .getPipeline()
              .apply("LookupNames", Create.of(names))
              .apply("ReadLookupTables", ParDo.of(new ReadLookupFn(mapping)))
              .setCoder(
                  KvCoder.of(
                      StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
              .apply("LookupView", View.asMap());
    }
    ParDo.SingleOutput<RawEvent, MappedEvent> map = ParDo.of(new MapEventFn(new EventMapper(mapping), lookups));
    if (lookups != null) {
      map = map.withSideInputs(lookups);
    }
    return events.apply("MapEvents", map).setCoder(MappedEvent.MappedEventCoder.of());
  }

  /** Reads one lookup table named in the mapping: its name → key → row as JSON text. */
  static final class ReadLookupFn extends DoFn<String, KV<String, Map<String, String>>> {
    private final Mapping mapping;

    ReadLookupFn(Mapping mapping) {
      this.mapping = mapping;
    }

    @ProcessElement
    public void processElement(@Element String name, OutputReceiver<KV<String, Map<String, String>>> out) {
      LookupTable table = mapping.lookups().get(name);
      out.output(KV.of(name, table.load()));
    }
  }

  /** Maps one event, counting it as mapped, filtered or dead-lettered. */
  static final class MapEventFn extends DoFn<RawEvent, MappedEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventMapper mapper;
    private final @Nullable PCollectionView<Map<String, Map<String, String>>> lookupView;
    private final Counter read = GraphCounters.counter(GraphCounters.READ);
    private final Counter mapped = GraphCounters.counter(GraphCounters.MAPPED);
    private final Counter filtered = GraphCounters.counter(GraphCounters.FILTERED);
    private final Counter deadLettered = GraphCounters.counter(GraphCounters.DEAD_LETTERED);
    private final Counter skippedPatterns = GraphCounters.counter(GraphCounters.SKIPPED_PATTERNS);
    private final Counter lookupMisses = GraphCounters.counter(GraphCounters.LOOKUP_MISSES);

    /** The side input as last seen, and its rows parsed once. */
    private transient @Nullable Map<String, Map<String, String>> lastTables;
    private transient Map<String, Map<String, JsonNode>> parsedTables;

    MapEventFn(EventMapper mapper, @Nullable PCollectionView<Map<String, Map<String, String>>> lookupView) {
      this.mapper = mapper;
      this.lookupView = lookupView;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      RawEvent event = context.element();
      read.inc();
      EventMapper.Result result = mapper.map(event, tables(context));
      // A counter's inc looks it up in the step's metrics container: not for nothing, twice per event.
      if (result.skippedPatterns() > 0) {
        skippedPatterns.inc(result.skippedPatterns());
      }
      if (result.lookupMisses() > 0) {
        lookupMisses.inc(result.lookupMisses());
      }
      if (result.deadLetterReason() != null) {
        deadLettered.inc();
        Metrics.counter(
                GraphCounters.DEAD_LETTERED_BY,
                event.source() + ": " + result.deadLetterReason().split(":", 2)[0])
            .inc();
        context.output(MappedEvent.rejected(DeadLetter.of(event, result.stage(), result.deadLetterReason())));
        return;
      }
      if (result.filterReason() != null) {
        filtered.inc();
        Metrics.counter(GraphCounters.FILTERED_BY, event.source() + ": " + result.filterReason()).inc();
        return;
      }
      mapped.inc();
      // Mapped means asserted something: MappedEvent.of fails the bundle if not, so no counted event vanishes.
      MappedEvent mappedEvent = MappedEvent.of(result.mutations());
      context.outputWithTimestamp(mappedEvent, mappedEvent.eventTime());
    }

    private Map<String, Map<String, JsonNode>> tables(ProcessContext context) {
      if (lookupView == null) {
        return Map.of();
      }
      Map<String, Map<String, String>> tables = context.sideInput(lookupView);
      if (tables != lastTables) {
        Map<String, Map<String, JsonNode>> parsed = new HashMap<>();
        tables.forEach(
            (name, rows) -> {
              Map<String, JsonNode> table = new HashMap<>();
              rows.forEach((key, row) -> table.put(key, parse(row)));
              parsed.put(name, table);
            });
        parsedTables = parsed;
        lastTables = tables;
      }
      return parsedTables;
    }

    private static JsonNode parse(String row) {
      try {
        return JSON.readTree(row);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Event times come from the payload and may be earlier than the element's timestamp (a Kafka record's
     * append time); the windowing downstream, not this step, decides what is too late.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return ANY_VALID_TIMESTAMP;
    }
  }

  /**
   * A skew that lets an output take any timestamp Beam allows. Not {@code Long.MAX_VALUE} millis: Beam
   * subtracts the skew from the input's timestamp, and that overflow (for a file's events, whose timestamp
   * is the minimum) made it throw and catch an exception for every event, a stack trace each time.
   */
  static final Duration ANY_VALID_TIMESTAMP =
      new Duration(BoundedWindow.TIMESTAMP_MIN_VALUE, BoundedWindow.TIMESTAMP_MAX_VALUE);
}
