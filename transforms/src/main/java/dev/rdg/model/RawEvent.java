package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One event as read, before any mapping: the source it belongs to, its bytes, and where it was read
 * ({@code origin}: a file or {@code topic/partition}; {@code offset}: the 1-based line or the record offset),
 * so every dead letter can point at the exact input.
 */
@AutoValue
@DefaultCoder(RawEvent.RawEventCoder.class)
public abstract class RawEvent {
  public abstract String source();

  @SuppressWarnings("mutable")
  public abstract byte[] payload();

  public abstract String origin();

  public abstract long offset();

  public static RawEvent of(String source, byte[] payload, String origin, long offset) {
    return new AutoValue_RawEvent(source, payload, origin, offset);
  }

  /** {@code origin:offset}: names this delivery of the event. */
  public String position() {
    return origin() + ":" + offset();
  }

  /** Deterministic coder. */
  public static final class RawEventCoder extends AtomicCoder<RawEvent> {
    private static final RawEventCoder INSTANCE = new RawEventCoder();

    public static RawEventCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link RawEvent}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RawEvent.class), INSTANCE);
    }

    @Override
    public void encode(RawEvent value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.source(), out);
      ByteArrayCoder.of().encode(value.payload(), out);
      StringUtf8Coder.of().encode(value.origin(), out);
      VarLongCoder.of().encode(value.offset(), out);
    }

    @Override
    public RawEvent decode(InputStream in) throws IOException {
      return new AutoValue_RawEvent(
          StringUtf8Coder.of().decode(in),
          ByteArrayCoder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
