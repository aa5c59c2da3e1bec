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

/** Identity of a node: a validated type and an opaque id. */
@AutoValue
@DefaultCoder(NodeRef.NodeRefCoder.class)
public abstract class NodeRef {
  public abstract String type();

  public abstract String id();

  /** Creates a reference; the type must be a valid type name, the id any non-empty string. */
  public static NodeRef of(String type, String id) {
    TypeNames.validate(type);
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("node id of type '" + type + "' is empty");
    }
    return new AutoValue_NodeRef(type, id);
  }

  /** The node's key, see {@link Keys}. */
  public String key() {
    return Keys.encode(type(), id());
  }

  @Override
  public String toString() {
    return type() + ":" + id();
  }

  /** Deterministic coder: type then id. */
  public static final class NodeRefCoder extends AtomicCoder<NodeRef> {
    private static final NodeRefCoder INSTANCE = new NodeRefCoder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    public static NodeRefCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link NodeRef}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(NodeRef.class), INSTANCE);
    }

    @Override
    public void encode(NodeRef value, OutputStream out) throws IOException {
      STRING.encode(value.type(), out);
      STRING.encode(value.id(), out);
    }

    @Override
    public NodeRef decode(InputStream in) throws IOException {
      return new AutoValue_NodeRef(STRING.decode(in), STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
