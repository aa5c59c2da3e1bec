package dev.rdg.transforms;

import dev.rdg.mapping.EventMapper;
import dev.rdg.mapping.Mapping;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.GraphTags;
import dev.rdg.model.RawEvent;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Turns raw events into node and edge assertions through the declarative {@link Mapping}; every event
 * that cannot be mapped becomes a {@link DeadLetter} with the reason, so nothing is dropped and nothing
 * crashes the job.
 *
 * <p>Each assertion is stamped with its event's time, so windowing downstream is by event time.
 *
 * <pre>{@code
 * PCollectionTuple normalized = events.apply(NormalizeEvents.with(mapping));
 * PCollection<GraphMutation> mutations = normalized.get(GraphTags.MUTATIONS);
 * PCollection<DeadLetter> deadLetters = normalized.get(GraphTags.DEAD_LETTERS);
 * }</pre>
 */
public final class NormalizeEvents extends PTransform<PCollection<RawEvent>, PCollectionTuple> {
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
  public PCollectionTuple expand(PCollection<RawEvent> events) {
    PCollectionTuple normalized =
        events.apply(
            "MapEvents",
            ParDo.of(new MapEventFn(new EventMapper(mapping)))
                .withOutputTags(GraphTags.MUTATIONS, TupleTagList.of(GraphTags.DEAD_LETTERS)));
    normalized.get(GraphTags.MUTATIONS).setCoder(GraphMutation.GraphMutationCoder.of());
    normalized.get(GraphTags.DEAD_LETTERS).setCoder(DeadLetter.DeadLetterCoder.of());
    return normalized;
  }

  /** Maps one event, counting it as mapped or dead-lettered. */
  static final class MapEventFn extends DoFn<RawEvent, GraphMutation> {
    private final EventMapper mapper;
    private final Counter read = GraphCounters.counter(GraphCounters.READ);
    private final Counter mapped = GraphCounters.counter(GraphCounters.MAPPED);
    private final Counter deadLettered = GraphCounters.counter(GraphCounters.DEAD_LETTERED);
    private final Counter skippedPatterns = GraphCounters.counter(GraphCounters.SKIPPED_PATTERNS);

    MapEventFn(EventMapper mapper) {
      this.mapper = mapper;
    }

    @ProcessElement
    public void processElement(@Element RawEvent event, MultiOutputReceiver out) {
      read.inc();
      EventMapper.Result result = mapper.map(event);
      skippedPatterns.inc(result.skippedPatterns());
      if (result.deadLetterReason() != null) {
        deadLettered.inc();
        out.get(GraphTags.DEAD_LETTERS).output(DeadLetter.of(event, result.deadLetterReason()));
        return;
      }
      mapped.inc();
      for (GraphMutation mutation : result.mutations()) {
        out.get(GraphTags.MUTATIONS).outputWithTimestamp(mutation, mutation.eventTime());
      }
    }

    /**
     * Event times come from the payload and may be earlier than the element's timestamp (a Kafka record's
     * append time); the windowing downstream, not this step, decides what is too late.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
