package dev.rdg.sinks.query;

import java.util.Locale;

/**
 * Which edges a hop keeps when several join the same two nodes (parallel edges: other types, or both
 * directions) and when the hop has more edges than its limit.
 *
 * <ul>
 *   <li>{@link #LATEST}: the most recently seen edge of each pair, and the hop's most recently seen edges
 *       first. Reads each node's edges most recently seen first and stops after the hop's limit of them
 *       (plus ties): cheap on a store with a recency index (the embedded one), every edge elsewhere.
 *   <li>{@link #ANY}: the first edge found of each pair, and the first edges found. Stops reading as soon as
 *       the hop is full, so it is the cheaper one on nodes with many edges.
 * </ul>
 */
public enum Selection {
  LATEST,
  ANY;

  /** {@code latest} or {@code any}, in any case; else an {@link IllegalArgumentException} saying so. */
  public static Selection parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("selection must be latest or any, but was '" + text + "'");
    }
  }
}
