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
import org.joda.time.Instant;

/**
 * One delivery of an event after mapping: the event's identity, time and delivery position, and every
 * assertion it makes about nodes and edges.
 *
 * <p>Lateness is a property of a whole event, so the step that decides it moves one of these per event,
 * not one element per assertion: an event with five assertions costs one state lookup and one shuffled
 * record instead of five, and its assertions pass or fail together by construction.
 * {@code CoalesceUpdates} splits it into its assertions.
 *
 * <pre>{@code
 * MappedEvent event = MappedEvent.of(mapper.map(raw, tables).mutations());
 * }</pre>
 */
@AutoValue
@DefaultCoder(MappedEvent.MappedEventCoder.class)
public abstract class MappedEvent {
  /** The assertions, in the order the mapping made them; all share this event's identity and time. */
  public abstract List<GraphMutation> mutations();

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
    return new AutoValue_MappedEvent(List.copyOf(mutations));
  }

  public String source() {
    return mutations().get(0).source();
  }

  public String eventId() {
    return mutations().get(0).eventId();
  }

  public Instant eventTime() {
    return mutations().get(0).eventTime();
  }

  /** The delivery this event came in: a redelivery has the same id at another position. */
  public String position() {
    return mutations().get(0).position();
  }

  /** Deterministic coder: the event's identity once, then each assertion's element and properties. */
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
      STRING.encode(value.source(), out);
      STRING.encode(value.eventId(), out);
      InstantCoder.of().encode(value.eventTime(), out);
      STRING.encode(value.position(), out);
      VarIntCoder.of().encode(value.mutations().size(), out);
      for (GraphMutation mutation : value.mutations()) {
        NODE.encode(mutation.node(), out);
        EDGE.encode(mutation.edge(), out);
        Properties.PropertiesCoder.of().encode(mutation.properties(), out);
      }
    }

    @Override
    public MappedEvent decode(InputStream in) throws IOException {
      String source = STRING.decode(in);
      String eventId = STRING.decode(in);
      Instant eventTime = InstantCoder.of().decode(in);
      String position = STRING.decode(in);
      int size = VarIntCoder.of().decode(in);
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
      return new AutoValue_MappedEvent(mutations);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
