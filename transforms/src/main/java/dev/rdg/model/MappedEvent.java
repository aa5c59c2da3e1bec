package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One delivery of an event after mapping: the event's identity, time and delivery position, and every
 * assertion it makes about nodes and edges; or, when a step rejected it (unmappable, too late), the
 * {@link DeadLetter} it became ({@link #rejected}).
 *
 * <p>Lateness is a property of a whole event, so the step that decides it moves one of these per event,
 * not one element per assertion: an event with five assertions costs one state lookup and one shuffled
 * record instead of five, and its assertions pass or fail together by construction.
 * {@code CoalesceUpdates} splits it into its assertions.
 *
 * <p>Why rejected events travel in the same collection instead of a dead-letter output of their own: on
 * Flink's batch runner every output of a multi-output step is one stream that each consumer reads whole,
 * so a dead-letter output next to the events made every event be encoded once more and decoded twice
 * (a third of the 1M-event benchmark's time, BENCHMARKS.md). {@code CoalesceUpdates} hands the rejected
 * ones on as dead letters after its in-memory merge on a stream, where the stream is ten times smaller,
 * and on bounded input from the merge after its grouping, where the events' assertions have become far
 * fewer upserts, handed on or written in that step.
 *
 * <pre>{@code
 * MappedEvent event = MappedEvent.of(mapper.map(raw, tables).mutations());
 * MappedEvent tooLate = MappedEvent.rejected(DeadLetter.of(event, "too late: ..."));
 * }</pre>
 */
@AutoValue
@DefaultCoder(MappedEvent.MappedEventCoder.class)
public abstract class MappedEvent {
  /**
   * The assertions, in the order the mapping made them; all share this event's identity and time. Empty
   * for a rejected event.
   */
  public abstract List<GraphMutation> mutations();

  /** The dead letter of a rejected event; null for a mapped one. */
  public abstract @Nullable DeadLetter deadLetter();

  /**
   * The event of these assertions; they must be non-empty and all carry the same source, event id, event
   * time and position.
   */
  public static MappedEvent of(List<GraphMutation> mutations) {
    if (mutations == null || mutations.isEmpty()) {
      throw new IllegalArgumentException("an event makes at least one assertion");
    }
    GraphMutation first = mutations.get(0);
    for (GraphMutation mutation : mutations) {
      if (!mutation.source().equals(first.source())
          || !mutation.eventId().equals(first.eventId())
          || !mutation.eventTime().equals(first.eventTime())
          || !mutation.position().equals(first.position())) {
        throw new IllegalArgumentException(
            "assertions of one event must share its source, id, time and position: " + first + " vs " + mutation);
      }
    }
    return new AutoValue_MappedEvent(List.copyOf(mutations), null);
  }

  /** An event a step rejected, as the dead letter it became. */
  public static MappedEvent rejected(DeadLetter deadLetter) {
    if (deadLetter == null) {
      throw new IllegalArgumentException("a rejected event needs its dead letter");
    }
    return new AutoValue_MappedEvent(List.of(), deadLetter);
  }

  public boolean isRejected() {
    return deadLetter() != null;
  }

  /** The event's source, rejected or not. */
  public String source() {
    DeadLetter deadLetter = deadLetter();
    return deadLetter != null ? deadLetter.source() : mutations().get(0).source();
  }

  public String eventId() {
    return mapped().eventId();
  }

  public Instant eventTime() {
    return mapped().eventTime();
  }

  /** The delivery this event came in: a redelivery has the same id at another position. */
  public String position() {
    return mapped().position();
  }

  private GraphMutation mapped() {
    if (isRejected()) {
      throw new IllegalStateException("a rejected event has only its dead letter: " + deadLetter());
    }
    return mutations().get(0);
  }

  /**
   * Deterministic coder: the number of assertions, then the event's identity once and each assertion's
   * element and properties; a rejected event (no assertions) is followed by its dead letter.
   */
  public static final class MappedEventCoder extends AtomicCoder<MappedEvent> {
    private static final MappedEventCoder INSTANCE = new MappedEventCoder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final NullableCoder<NodeRef> NODE = NullableCoder.of(NodeRef.NodeRefCoder.of());
    private static final NullableCoder<EdgeRef> EDGE = NullableCoder.of(EdgeRef.EdgeRefCoder.of());

    public static MappedEventCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link MappedEvent}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(MappedEvent.class), INSTANCE);
    }

    @Override
    public void encode(MappedEvent value, OutputStream out) throws IOException {
      VarIntCoder.of().encode(value.mutations().size(), out);
      if (value.isRejected()) {
        DeadLetter.DeadLetterCoder.of().encode(value.deadLetter(), out);
        return;
      }
      STRING.encode(value.source(), out);
      STRING.encode(value.eventId(), out);
      InstantCoder.of().encode(value.eventTime(), out);
      STRING.encode(value.position(), out);
      for (GraphMutation mutation : value.mutations()) {
        NODE.encode(mutation.node(), out);
        EDGE.encode(mutation.edge(), out);
        Properties.PropertiesCoder.of().encode(mutation.properties(), out);
      }
    }

    @Override
    public MappedEvent decode(InputStream in) throws IOException {
      int size = VarIntCoder.of().decode(in);
      if (size == 0) {
        return rejected(DeadLetter.DeadLetterCoder.of().decode(in));
      }
      String source = STRING.decode(in);
      String eventId = STRING.decode(in);
      Instant eventTime = InstantCoder.of().decode(in);
      String position = STRING.decode(in);
      List<GraphMutation> mutations = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        mutations.add(
            GraphMutation.builder()
                .setSource(source)
                .setEventId(eventId)
                .setEventTime(eventTime)
                .setPosition(position)
                .setNode(NODE.decode(in))
                .setEdge(EDGE.decode(in))
                .setProperties(Properties.PropertiesCoder.of().decode(in))
                .build());
      }
      return new AutoValue_MappedEvent(mutations, null);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
