package dev.rdg.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts the newlines in bytes eight at a time (a word's newline bytes found with a few arithmetic
 * operations, not a branch per byte): {@link EventFiles} numbers every line of a file before reading
 * it in ranges, and that first pass over the whole file is on the critical path of every bounded run.
 */
final class Newlines {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;

  private Newlines() {}

  /** The number of {@code '\n'} bytes in {@code bytes[from, to)}. */
  static int count(byte[] bytes, int from, int to) {
    int count = 0;
    int at = from;
    for (; at + Long.BYTES <= to; at += Long.BYTES) {
      long zeroWhereNewline = (long) WORDS.get(bytes, at) ^ NEWLINES;
      // The high bit of each byte that is zero, exactly (no borrow from a neighbouring byte).
      long zeroBytes = ~(((zeroWhereNewline & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | zeroWhereNewline | LOW_SEVEN_BITS);
      count += Long.bitCount(zeroBytes);
    }
    for (; at < to; at++) {
      if (bytes[at] == '\n') {
        count++;
      }
    }
    return count;
  }
}
