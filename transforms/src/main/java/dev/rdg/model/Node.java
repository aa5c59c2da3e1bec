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
 * A node upsert: what one event-time window saw of a node, or (window null) a sink's merged view of it. Sinks key the window's count by {@link #window()}, so a later pane or a replay of the same window
 * replaces its share instead of adding to it.
 */
@AutoValue
@DefaultCoder(Node.NodeCoder.class)
public abstract class Node {
  public abstract NodeRef ref();

  public abstract Observations seen();

  public abstract @Nullable IntervalWindow window();

  public static Node of(NodeRef ref, Observations seen, @Nullable IntervalWindow window) {
    return new AutoValue_Node(ref, seen, window);
  }

  /** Deterministic coder. */
  public static final class NodeCoder extends AtomicCoder<Node> {
    private static final NodeCoder INSTANCE = new NodeCoder();
    private static final NullableCoder<IntervalWindow> WINDOW = NullableCoder.of(IntervalWindow.getCoder());

    public static NodeCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link Node}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Node.class), INSTANCE);
    }

    @Override
    public void encode(Node value, OutputStream out) throws IOException {
      NodeRef.NodeRefCoder.of().encode(value.ref(), out);
      Observations.ObservationsCoder.of().encode(value.seen(), out);
      WINDOW.encode(value.window(), out);
    }

    @Override
    public Node decode(InputStream in) throws IOException {
      return new AutoValue_Node(
          NodeRef.NodeRefCoder.of().decode(in),
          Observations.ObservationsCoder.of().decode(in),
          WINDOW.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
