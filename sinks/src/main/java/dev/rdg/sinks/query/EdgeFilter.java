package dev.rdg.sinks.query;

import dev.rdg.model.Edge;
import dev.rdg.model.NodeRef;
import dev.rdg.model.TypeNames;
import dev.rdg.sinks.GraphReader;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Which edges of a node a query may follow: a direction, edge types (none given: every type) and a lookback,
 * an edge qualifying when it was last seen within {@code lookback} before {@code asOf} and first seen no later
 * than {@code asOf}. Without an {@code asOf} the lookback counts back from the newest time in the graph, so a
 * graph built from old events still answers. Immutable; each {@code withX} validates its argument.
 *
 * <pre>{@code
 * EdgeFilter devices = EdgeFilter.defaults()
 *     .withDirection(Direction.OUT)
 *     .withEdgeTypes(List.of("logged_in_from"))
 *     .withLookback(Duration.standardDays(30));
 * }</pre>
 */
public final class EdgeFilter {
  /** Netflix's default lookback for traversals. */
  public static final Duration DEFAULT_LOOKBACK = Duration.standardDays(100);

  private final Direction direction;
  private final Set<String> edgeTypes;
  private final @Nullable Duration lookback;
  private final @Nullable Instant asOf;

  private EdgeFilter(
      Direction direction, Set<String> edgeTypes, @Nullable Duration lookback, @Nullable Instant asOf) {
    this.direction = direction;
    this.edgeTypes = edgeTypes;
    this.lookback = lookback;
    this.asOf = asOf;
  }

  /** Both directions, every edge type, a lookback of {@link #DEFAULT_LOOKBACK} from the newest time. */
  public static EdgeFilter defaults() {
    return new EdgeFilter(Direction.BOTH, Set.of(), DEFAULT_LOOKBACK, null);
  }

  public EdgeFilter withDirection(Direction direction) {
    if (direction == null) {
      throw new IllegalArgumentException("direction must not be null");
    }
    return new EdgeFilter(direction, edgeTypes, lookback, asOf);
  }

  /** Only edges of these types; an empty collection means every type. Each must be a valid type name. */
  public EdgeFilter withEdgeTypes(Collection<String> types) {
    Set<String> valid = new TreeSet<>();
    for (String type : types) {
      valid.add(TypeNames.validate(type));
    }
    return new EdgeFilter(direction, Set.copyOf(valid), lookback, asOf);
  }

  /** Only edges last seen within {@code lookback} of the reference time; null: no lookback at all. */
  public EdgeFilter withLookback(@Nullable Duration lookback) {
    if (lookback != null && lookback.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("lookback must not be negative, but was " + lookback);
    }
    return new EdgeFilter(direction, edgeTypes, lookback, asOf);
  }

  /** The reference time of the lookback, and no edge first seen after it; null: the graph's newest time. */
  public EdgeFilter withAsOf(@Nullable Instant asOf) {
    return new EdgeFilter(direction, edgeTypes, lookback, asOf);
  }

  public Direction direction() {
    return direction;
  }

  public Set<String> edgeTypes() {
    return edgeTypes;
  }

  public @Nullable Duration lookback() {
    return lookback;
  }

  public @Nullable Instant asOf() {
    return asOf;
  }

  /** Whether the time window needs the graph's newest time to be known. */
  boolean needsNewestTime() {
    return lookback != null && asOf == null;
  }

  /**
   * Hands the edges of {@code node} that this filter lets through, within the time window {@code [since,
   * until]}, to {@code visitor} in the reader's order, until it returns false; reads no further than needed.
   */
  void forEachEdge(
      GraphReader graph, NodeRef node, @Nullable Instant since, @Nullable Instant until, Predicate<Edge> visitor) {
    if (direction != Direction.IN && !visit(graph.scanOutEdges(node), since, until, visitor)) {
      return;
    }
    if (direction != Direction.OUT) {
      visit(graph.scanInEdges(node), since, until, visitor);
    }
  }

  /**
   * {@link #forEachEdge} most recently seen first (out- and in-edges interleaved by last seen), so that a
   * visitor keeping the latest edges can stop early and the graph reads no further than that.
   */
  void forEachEdgeLatestFirst(
      GraphReader graph, NodeRef node, @Nullable Instant since, @Nullable Instant until, Predicate<Edge> visitor) {
    Iterator<Edge> edges;
    if (direction == Direction.OUT) {
      edges = graph.scanOutEdgesLatestFirst(node, since);
    } else if (direction == Direction.IN) {
      edges = graph.scanInEdgesLatestFirst(node, since);
    } else {
      edges = new LatestFirstEdges(
          graph.scanOutEdgesLatestFirst(node, since), graph.scanInEdgesLatestFirst(node, since));
    }
    visit(edges, since, until, visitor);
  }

  /** Whether the visitor wants more; closes the scan when it stops early. */
  private boolean visit(
      Iterator<Edge> edges, @Nullable Instant since, @Nullable Instant until, Predicate<Edge> visitor) {
    try {
      while (edges.hasNext()) {
        Edge edge = edges.next();
        if ((edgeTypes.isEmpty() || edgeTypes.contains(edge.ref().type()))
            && (since == null || !edge.seen().lastSeen().isBefore(since))
            && (until == null || !edge.seen().firstSeen().isAfter(until))
            && !visitor.test(edge)) {
          return false;
        }
      }
      return true;
    } finally {
      try {
        LatestFirstEdges.closeIfCloseable(edges);
      } catch (Exception e) {
        throw new IllegalStateException("closing an edge scan failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "direction=" + direction + ", edgeTypes=" + (edgeTypes.isEmpty() ? "all" : edgeTypes)
        + ", lookback=" + (lookback == null ? "none" : lookback) + ", asOf=" + (asOf == null ? "newest" : asOf);
  }
}
