package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * One event's assertion that a node or an edge exists, with the properties the event gave it.
 *
 * <p>Exactly one of {@link #node()} and {@link #edge()} is set. {@link #source()} and {@link #eventId()}
 * identify the event (for deduplication), {@link #position()} names the delivery it came in (so a
 * redelivery of the same event can be told apart from its first delivery), and {@link #ordinal()} numbers
 * the assertions of one event from 0 (so a dropped redelivery is counted once, not once per assertion).
 */
@AutoValue
@DefaultCoder(GraphMutation.GraphMutationCoder.class)
public abstract class GraphMutation {
  public abstract String source();

  public abstract String eventId();

  public abstract Instant eventTime();

  public abstract String position();

  public abstract int ordinal();

  public abstract @Nullable NodeRef node();

  public abstract @Nullable EdgeRef edge();

  public abstract Properties properties();

  /** Builds a mutation; {@link Builder#build()} checks that exactly one of node and edge is set. */
  public static Builder builder() {
    return new AutoValue_GraphMutation.Builder().setProperties(Properties.empty()).setOrdinal(0);
  }

  public abstract Builder toBuilder();

  /** What this assertion contributes to its element's observations. */
  public Observations observations() {
    return Observations.once(properties(), eventTime());
  }

  /** Builder for {@link GraphMutation}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(String source);

    public abstract Builder setEventId(String eventId);

    public abstract Builder setEventTime(Instant eventTime);

    public abstract Builder setPosition(String position);

    public abstract Builder setOrdinal(int ordinal);

    public abstract Builder setNode(@Nullable NodeRef node);

    public abstract Builder setEdge(@Nullable EdgeRef edge);

    public abstract Builder setProperties(Properties properties);

    abstract GraphMutation autoBuild();

    public GraphMutation build() {
      GraphMutation mutation = autoBuild();
      if ((mutation.node() == null) == (mutation.edge() == null)) {
        throw new IllegalStateException("a mutation asserts exactly one node or one edge");
      }
      return mutation;
    }
  }

  /** Deterministic coder. */
  public static final class GraphMutationCoder extends AtomicCoder<GraphMutation> {
    private static final GraphMutationCoder INSTANCE = new GraphMutationCoder();
    private static final NullableCoder<NodeRef> NODE = NullableCoder.of(NodeRef.NodeRefCoder.of());
    private static final NullableCoder<EdgeRef> EDGE = NullableCoder.of(EdgeRef.EdgeRefCoder.of());

    public static GraphMutationCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link GraphMutation}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(GraphMutation.class), INSTANCE);
    }

    @Override
    public void encode(GraphMutation value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.source(), out);
      StringUtf8Coder.of().encode(value.eventId(), out);
      InstantCoder.of().encode(value.eventTime(), out);
      StringUtf8Coder.of().encode(value.position(), out);
      VarIntCoder.of().encode(value.ordinal(), out);
      NODE.encode(value.node(), out);
      EDGE.encode(value.edge(), out);
      Properties.PropertiesCoder.of().encode(value.properties(), out);
    }

    @Override
    public GraphMutation decode(InputStream in) throws IOException {
      return builder()
          .setSource(StringUtf8Coder.of().decode(in))
          .setEventId(StringUtf8Coder.of().decode(in))
          .setEventTime(InstantCoder.of().decode(in))
          .setPosition(StringUtf8Coder.of().decode(in))
          .setOrdinal(VarIntCoder.of().decode(in))
          .setNode(NODE.decode(in))
          .setEdge(EDGE.decode(in))
          .setProperties(Properties.PropertiesCoder.of().decode(in))
          .build();
    }

    @Override
    public void verifyDeterministic() {}
  }
}
