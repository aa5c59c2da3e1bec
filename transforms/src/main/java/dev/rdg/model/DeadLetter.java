package dev.rdg.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * An event that could not be mapped, with where it came from, the stage that rejected it ({@code decode},
 * {@code map}, {@code schema}; {@code window} for a too-late event, {@code sink} for an upsert the sink
 * refused), why, and its payload: as text when it is valid UTF-8, else base64
 * ({@link #payloadIsBase64()}), so binary input survives the JSON dead-letter file unchanged. Nothing is
 * dropped silently.
 */
@AutoValue
@DefaultCoder(DeadLetter.DeadLetterCoder.class)
public abstract class DeadLetter {
  public abstract String source();

  public abstract String origin();

  public abstract long offset();

  public abstract String stage();

  public abstract String reason();

  /** The event's payload: its text, or its bytes in base64 when they are not valid UTF-8. */
  public abstract String payload();

  public abstract boolean payloadIsBase64();

  /** A dead letter of the mapping stage. */
  public static DeadLetter of(RawEvent event, String reason) {
    return of(event, "map", reason);
  }

  public static DeadLetter of(RawEvent event, String stage, String reason) {
    String text = utf8(event.payload());
    return new AutoValue_DeadLetter(
        event.source(),
        event.origin(),
        event.offset(),
        stage,
        reason,
        text == null ? Base64.getEncoder().encodeToString(event.payload()) : text,
        text == null);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * A mapped event rejected later in the pipeline (too late): its position {@code origin:offset} is split
   * back, and the payload, no longer at hand, is replaced by what identifies the event.
   */
  public static DeadLetter of(MappedEvent event, String reason) {
    String position = event.position();
    int colon = position.lastIndexOf(':');
    long offset = -1;
    String origin = position;
    if (colon > 0) {
      try {
        offset = Long.parseLong(position.substring(colon + 1));
        origin = position.substring(0, colon);
      } catch (NumberFormatException e) {
        // a position without a numeric offset stays whole in origin
      }
    }
    return new AutoValue_DeadLetter(
        event.source(),
        origin,
        offset,
        "window",
        reason,
        GraphJson.eventIdentity(event),
        false);
  }

  /**
   * An upsert the sink {@code sink} (its URI, secrets masked) refused even alone: source {@code sink}, origin
   * the sink, no offset, stage {@code sink}, the record's export line as payload. An upsert merges many
   * events, so it names no single event's source.
   */
  public static DeadLetter ofSinkRecord(String sink, String reason, String exportLine) {
    return new AutoValue_DeadLetter("sink", sink, -1, "sink", reason, exportLine, false);
  }

  /** Deterministic coder. */
  public static final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
    private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

    public static DeadLetterCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link DeadLetter}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.source(), out);
      StringUtf8Coder.of().encode(value.origin(), out);
      VarLongCoder.of().encode(value.offset(), out);
      StringUtf8Coder.of().encode(value.stage(), out);
      StringUtf8Coder.of().encode(value.reason(), out);
      StringUtf8Coder.of().encode(value.payload(), out);
      BooleanCoder.of().encode(value.payloadIsBase64(), out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new AutoValue_DeadLetter(
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          BooleanCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
