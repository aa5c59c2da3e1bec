package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Identity of an edge: a validated type and its two end nodes. Parallel edges of one type are one edge. */
@AutoValue
@DefaultCoder(EdgeRef.EdgeRefCoder.class)
public abstract class EdgeRef {
  public abstract String type();

  public abstract NodeRef src();

  public abstract NodeRef dst();

  public static EdgeRef of(String type, NodeRef src, NodeRef dst) {
    return new AutoValue_EdgeRef(TypeNames.validate(type), src, dst);
  }

  /** The edge's key, see {@link Keys}. */
  public String key() {
    return Keys.encode(type(), src().type(), src().id(), dst().type(), dst().id());
  }

  @Override
  public String toString() {
    return src() + " -" + type() + "-> " + dst();
  }

  /** Deterministic coder: type, source, destination. */
  public static final class EdgeRefCoder extends AtomicCoder<EdgeRef> {
    private static final EdgeRefCoder INSTANCE = new EdgeRefCoder();

    public static EdgeRefCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link EdgeRef}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(EdgeRef.class), INSTANCE);
    }

    @Override
    public void encode(EdgeRef value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.type(), out);
      NodeRef.NodeRefCoder.of().encode(value.src(), out);
      NodeRef.NodeRefCoder.of().encode(value.dst(), out);
    }

    @Override
    public EdgeRef decode(InputStream in) throws IOException {
      return new AutoValue_EdgeRef(
          StringUtf8Coder.of().decode(in),
          NodeRef.NodeRefCoder.of().decode(in),
          NodeRef.NodeRefCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
