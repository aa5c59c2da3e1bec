package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Identity of a node or an edge: one key type for both, so assertions about nodes and edges are coalesced
 * together (by one combine on a stream, one grouping and its merge on bounded input), and an event's
 * assertions travel as one stream instead of two.
 *
 * <pre>{@code
 * ElementRef element = ElementRef.of(mutation); // the node or edge the assertion is about
 * }</pre>
 */
@AutoValue
@DefaultCoder(ElementRef.ElementRefCoder.class)
public abstract class ElementRef {
  /** The node, or null when this is an edge. */
  public abstract @Nullable NodeRef node();

  /** The edge, or null when this is a node. */
  public abstract @Nullable EdgeRef edge();

  public static ElementRef of(NodeRef node) {
    if (node == null) {
      throw new IllegalArgumentException("ElementRef.of(NodeRef) needs a node");
    }
    return new AutoValue_ElementRef(node, null);
  }

  public static ElementRef of(EdgeRef edge) {
    if (edge == null) {
      throw new IllegalArgumentException("ElementRef.of(EdgeRef) needs an edge");
    }
    return new AutoValue_ElementRef(null, edge);
  }

  /** The element an assertion is about. */
  public static ElementRef of(GraphMutation mutation) {
    return mutation.node() != null ? of(mutation.node()) : of(mutation.edge());
  }

  @Override
  public String toString() {
    return node() != null ? node().toString() : edge().toString();
  }

  /** Deterministic coder: a tag byte (0 node, 1 edge), then the node's or edge's own encoding. */
  public static final class ElementRefCoder extends AtomicCoder<ElementRef> {
    private static final ElementRefCoder INSTANCE = new ElementRefCoder();

    public static ElementRefCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link ElementRef}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ElementRef.class), INSTANCE);
    }

    @Override
    public void encode(ElementRef value, OutputStream out) throws IOException {
      if (value.node() != null) {
        out.write(0);
        NodeRef.NodeRefCoder.of().encode(value.node(), out);
      } else {
        out.write(1);
        EdgeRef.EdgeRefCoder.of().encode(value.edge(), out);
      }
    }

    @Override
    public ElementRef decode(InputStream in) throws IOException {
      int tag = in.read();
      switch (tag) {
        case 0:
          return new AutoValue_ElementRef(NodeRef.NodeRefCoder.of().decode(in), null);
        case 1:
          return new AutoValue_ElementRef(null, EdgeRef.EdgeRefCoder.of().decode(in));
        default:
          throw new CoderException("not an ElementRef: tag " + tag);
      }
    }

    @Override
    public void verifyDeterministic() {}
  }
}
