package dev.rdg.model;

import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * A value as its coder's bytes and back, for code that keeps or moves values as bytes (the embedded store's
 * records, the bounded coalescing's grouping); a failure is unchecked, since it means the bytes are corrupt
 * or the coder broken, not bad input.
 *
 * <pre>{@code
 * byte[] bytes = CoderBytes.encode(Node.NodeCoder.of(), node);
 * Node again = CoderBytes.decode(Node.NodeCoder.of(), bytes, "record in the embedded store");
 * }</pre>
 */
public final class CoderBytes {
  private CoderBytes() {}

  public static <T> byte[] encode(Coder<T> coder, T value) {
    try {
      return CoderUtils.encodeToByteArray(coder, value);
    } catch (CoderException e) {
      throw new UncheckedIOException("cannot encode " + value, e);
    }
  }

  /** Decodes {@code bytes}; {@code what} names them in the error ("corrupt " + what). */
  public static <T> T decode(Coder<T> coder, byte[] bytes, String what) {
    try {
      return CoderUtils.decodeFromByteArray(coder, bytes);
    } catch (CoderException e) {
      throw new UncheckedIOException("corrupt " + what, e);
    }
  }
}
