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
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * What the events said about one node or edge: first seen, last seen, how many distinct events asserted it,
 * and its latest properties. The same merge serves coalescing inside a window and sinks merging windows.
 */
@AutoValue
@DefaultCoder(Observations.ObservationsCoder.class)
public abstract class Observations {
  public abstract Properties properties();

  public abstract Instant firstSeen();

  public abstract Instant lastSeen();

  public abstract long count();

  public static Observations of(
      Properties properties, Instant firstSeen, Instant lastSeen, long count) {
    if (firstSeen.isAfter(lastSeen)) {
      throw new IllegalArgumentException("firstSeen " + firstSeen + " is after lastSeen " + lastSeen);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, but was " + count);
    }
    return new AutoValue_Observations(properties, firstSeen, lastSeen, count);
  }

  /** One event's assertion, seen at {@code eventTime}. */
  public static Observations once(Properties properties, Instant eventTime) {
    return of(properties, eventTime, eventTime, 1);
  }

  /** Min first seen, max last seen, counts added, properties merged last-write-wins. */
  public Observations merge(Observations other) {
    return new AutoValue_Observations(
        properties().merge(other.properties()),
        firstSeen().isBefore(other.firstSeen()) ? firstSeen() : other.firstSeen(),
        lastSeen().isAfter(other.lastSeen()) ? lastSeen() : other.lastSeen(),
        count() + other.count());
  }

  /** The same observations with another count: a sink replacing one window's share of the total. */
  public Observations withCount(long count) {
    return new AutoValue_Observations(properties(), firstSeen(), lastSeen(), count);
  }

  /** Deterministic coder. */
  public static final class ObservationsCoder extends AtomicCoder<Observations> {
    private static final ObservationsCoder INSTANCE = new ObservationsCoder();

    public static ObservationsCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link Observations}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Observations.class), INSTANCE);
    }

    @Override
    public void encode(Observations value, OutputStream out) throws IOException {
      Properties.PropertiesCoder.of().encode(value.properties(), out);
      InstantCoder.of().encode(value.firstSeen(), out);
      InstantCoder.of().encode(value.lastSeen(), out);
      VarLongCoder.of().encode(value.count(), out);
    }

    @Override
    public Observations decode(InputStream in) throws IOException {
      return new AutoValue_Observations(
          Properties.PropertiesCoder.of().decode(in),
          InstantCoder.of().decode(in),
          InstantCoder.of().decode(in),
          VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
