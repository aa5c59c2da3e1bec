package dev.rdg.sinks.query;

import java.util.Locale;

/** Which adjacency of a node a query follows: its out-edges, its in-edges, or both. */
public enum Direction {
  OUT,
  IN,
  BOTH;

  /** {@code out}, {@code in} or {@code both}, in any case; else an {@link IllegalArgumentException} saying so. */
  public static Direction parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("direction must be out, in or both, but was '" + text + "'");
    }
  }
}
