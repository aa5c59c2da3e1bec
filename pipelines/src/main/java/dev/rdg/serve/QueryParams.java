package dev.rdg.serve;

import dev.rdg.model.NodeRef;
import dev.rdg.pipelines.Durations;
import dev.rdg.sinks.query.Direction;
import dev.rdg.sinks.query.EdgeFilter;
import dev.rdg.sinks.query.Selection;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The query parameters as users write them, on the command line ({@code --node=account:a1 --lookback=30d})
 * and in the HTTP API ({@code ?from=account:a1&lookback=30d}): one parser for both, so they accept the same
 * text and refuse it with the same message. Every refusal is an {@link IllegalArgumentException} (exit code
 * 2, HTTP 400).
 */
public final class QueryParams {
  private QueryParams() {}

  /** {@code TYPE:ID}, split at the first {@code :} (ids may contain more); the type must be a valid name. */
  public static NodeRef node(String name, @Nullable String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          name + " must be TYPE:ID, e.g. account:a1, but was '" + text + "'");
    }
    return NodeRef.of(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * The edge filter: direction {@code out|in|both} (default both), comma-separated edge types (default all),
   * lookback as a duration or {@code none} (default 100d), asOf as an ISO-8601 instant (default: the graph's
   * newest time). Null means the default.
   */
  public static EdgeFilter filter(
      @Nullable String direction, @Nullable String edgeTypes, @Nullable String lookback, @Nullable String asOf) {
    EdgeFilter filter = EdgeFilter.defaults();
    if (direction != null) {
      filter = filter.withDirection(Direction.parse(direction));
    }
    if (edgeTypes != null && !edgeTypes.isBlank()) {
      filter = filter.withEdgeTypes(types(edgeTypes));
    }
    if (lookback != null) {
      filter = filter.withLookback(lookback.equals("none") ? null : Durations.parse("lookback", lookback));
    }
    if (asOf != null) {
      try {
        filter = filter.withAsOf(Instant.parse(asOf));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "asOf must be an ISO-8601 time such as 2026-03-01T22:00:00Z, but was '" + asOf + "'");
      }
    }
    return filter;
  }

  /** Comma-separated type names, blanks dropped; {@link EdgeFilter#withEdgeTypes} validates them. */
  public static List<String> types(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toList());
  }

  /** {@code latest} or {@code any}; null: latest. */
  public static Selection selection(@Nullable String text) {
    return text == null ? Selection.LATEST : Selection.parse(text);
  }

  /** A count that must be a whole number >= 0; null: {@code dflt}. */
  public static int count(String name, @Nullable String text, int dflt) {
    if (text == null) {
      return dflt;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, but was '" + text + "'");
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, but was " + value);
    }
    return value;
  }
}
