package dev.rdg.model;

import com.google.auto.value.AutoValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One event's assertion that a node or an edge exists, with the properties the event gave it.
 *
 * <p>Exactly one of {@link #node()} and {@link #edge()} is set. {@link #source()} and {@link #eventId()}
 * identify the event (for deduplication) and {@link #position()} names the delivery it came in (so a
 * redelivery of the same event can be told apart from its first delivery). The pipeline carries an
 * event's assertions together, as one {@link MappedEvent}.
 */
@AutoValue
public abstract class GraphMutation {
  public abstract String source();

  public abstract String eventId();

  public abstract Instant eventTime();

  public abstract String position();

  public abstract @Nullable NodeRef node();

  public abstract @Nullable EdgeRef edge();

  public abstract Properties properties();

  /** Builds a mutation; {@link Builder#build()} checks that exactly one of node and edge is set. */
  public static Builder builder() {
    return new AutoValue_GraphMutation.Builder().setProperties(Properties.empty());
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
}
