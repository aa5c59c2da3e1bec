package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An edge upsert: what one event-time window saw of an edge, or (window null) a sink's merged view of it. Sinks key the window's count by {@link #window()}, so a later pane or a replay of the same window
 * replaces its share instead of adding to it.
 */
@AutoValue
@DefaultCoder(Edge.EdgeCoder.class)
public abstract class Edge {
  public abstract EdgeRef ref();

  public abstract Observations seen();

  public abstract @Nullable IntervalWindow window();

  public static Edge of(EdgeRef ref, Observations seen, @Nullable IntervalWindow window) {
    return new AutoValue_Edge(ref, seen, window);
  }

  /** Deterministic coder. */
  public static final class EdgeCoder extends AtomicCoder<Edge> {
    private static final EdgeCoder INSTANCE = new EdgeCoder();
    private static final NullableCoder<IntervalWindow> WINDOW = NullableCoder.of(IntervalWindow.getCoder());

    public static EdgeCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link Edge}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Edge.class), INSTANCE);
    }

    @Override
    public void encode(Edge value, OutputStream out) throws IOException {
      EdgeRef.EdgeRefCoder.of().encode(value.ref(), out);
      Observations.ObservationsCoder.of().encode(value.seen(), out);
      WINDOW.encode(value.window(), out);
    }

    @Override
    public Edge decode(InputStream in) throws IOException {
      return new AutoValue_Edge(
          EdgeRef.EdgeRefCoder.of().decode(in),
          Observations.ObservationsCoder.of().decode(in),
          WINDOW.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
