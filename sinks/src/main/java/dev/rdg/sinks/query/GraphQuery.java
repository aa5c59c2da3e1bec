package dev.rdg.sinks.query;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.GraphReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The query engine: breadth-first traversals over any {@link GraphReader}, one round of adjacency lookups per
 * hop, as Netflix serves its real-time graph (defaults: {@value #DEFAULT_EDGES_PER_HOP} edges per hop and a
 * 100-day lookback, see {@link EdgeFilter}).
 *
 * <p>{@link #neighbors}, {@link #traverse} and {@link #path} keep one edge per pair of nodes (parallel edges
 * of other types or directions are chosen between by {@link Selection}) and never return to a pair they
 * already crossed; {@link #entity} keeps every edge between the nodes it reaches, since an entity is the
 * sum of its links. Answers list nodes and
 * edges in the order they were found; nodes are read from the graph, so they carry their properties.
 *
 * <pre>{@code
 * try (GraphReader graph = GraphSinks.fromUri("embedded:./rdg-data").openReader()) {
 *   GraphQuery query = new GraphQuery(graph);
 *   Subgraph twoHops = query.traverse(NodeRef.of("device", "d-a1-tv"), EdgeFilter.defaults(), 2,
 *       GraphQuery.DEFAULT_EDGES_PER_HOP, Selection.LATEST);
 *   Subgraph member = query.entity(NodeRef.of("device", "d-a1-tv"),
 *       EdgeFilter.defaults().withEdgeTypes(List.of("has_profile", "streamed_from", "logged_in_from")),
 *       GraphQuery.DEFAULT_MAX_NODES);
 * }
 * }</pre>
 *
 * <p>Concurrent queries on one instance are fine (the HTTP server shares one). The graph's newest time,
 * the default reference of the lookback, is read once, by the first query that needs it, and kept: a
 * process that keeps writing to the graph passes {@code asOf} explicitly.
 */
public final class GraphQuery {
  public static final int DEFAULT_EDGES_PER_HOP = 300;
  /** How many nodes {@link #entity} and {@link #path} visit at most before giving up. */
  public static final int DEFAULT_MAX_NODES = 10_000;
  public static final int DEFAULT_MAX_PATH_HOPS = 6;

  private final GraphReader graph;
  private volatile @Nullable Instant newest;

  public GraphQuery(GraphReader graph) {
    this.graph = graph;
  }

  /** The node; {@link NodeNotFoundException} if the graph has none of that key. */
  public Node node(NodeRef ref) {
    return graph.node(ref).orElseThrow(() -> new NodeNotFoundException(ref));
  }

  /** The edges of {@code ref} the filter lets through, at most {@code limit}, with the nodes they reach. */
  public Subgraph neighbors(NodeRef ref, EdgeFilter filter, int limit, Selection selection) {
    return traverse(ref, filter, 1, limit, selection);
  }

  /**
   * The k-hop neighbourhood of {@code start}: hop by hop, the edges of the previous hop's new nodes, at most
   * {@code limitPerHop} per hop. The start node comes first, then the nodes of hop 1, hop 2, ...
   */
  public Subgraph traverse(NodeRef start, EdgeFilter filter, int hops, int limitPerHop, Selection selection) {
    checkNonNegative("hops", hops);
    checkNonNegative("limit", limitPerHop);
    Map<NodeRef, Node> nodes = new LinkedHashMap<>();
    nodes.put(start, node(start));
    Window window = window(filter);
    Set<String> crossedPairs = new HashSet<>();
    List<Edge> edges = new ArrayList<>();
    List<NodeRef> frontier = List.of(start);
    boolean truncated = false;
    for (int hop = 1; hop <= hops && !frontier.isEmpty(); hop++) {
      Map<String, Edge> candidates = new LinkedHashMap<>();
      boolean[] full = {false};
      boolean more = false;
      PriorityQueue<Instant> hopNewest = new PriorityQueue<>();
      for (NodeRef from : frontier) {
        Predicate<Edge> keep =
            edge -> {
              String pair = pairKey(edge.ref());
              if (crossedPairs.contains(pair)) {
                return true;
              }
              Edge kept = candidates.get(pair);
              if (kept == null) {
                if (selection == Selection.ANY && candidates.size() == limitPerHop) {
                  full[0] = true;
                  return false;
                }
                candidates.put(pair, edge);
              } else if (selection == Selection.LATEST && LATEST_FIRST.compare(edge, kept) < 0) {
                candidates.put(pair, edge);
              }
              return true;
            };
        if (selection == Selection.LATEST) {
          LatestCutoff cutoff = new LatestCutoff(limitPerHop, crossedPairs, candidates, hopNewest, keep);
          filter.forEachEdgeLatestFirst(graph, from, window.since, window.until, cutoff);
          more |= cutoff.more;
        } else {
          filter.forEachEdge(graph, from, window.since, window.until, keep);
        }
        if (full[0]) {
          break;
        }
      }
      List<Edge> chosen = new ArrayList<>(candidates.values());
      if (selection == Selection.LATEST) {
        chosen.sort(LATEST_FIRST);
      }
      if (chosen.size() > limitPerHop || full[0] || more) {
        truncated = true;
        chosen = chosen.subList(0, Math.min(limitPerHop, chosen.size()));
      }
      List<NodeRef> next = new ArrayList<>();
      for (Edge edge : chosen) {
        crossedPairs.add(pairKey(edge.ref()));
        edges.add(edge);
        for (NodeRef end : List.of(edge.ref().src(), edge.ref().dst())) {
          if (!nodes.containsKey(end)) {
            nodes.put(end, null);
            next.add(end);
          }
        }
      }
      frontier = next;
    }
    return new Subgraph(readNodes(nodes.keySet()), edges, truncated);
  }

  /**
   * A shortest path from {@code from} to {@code to} over the edges the filter lets through, of at most
   * {@code maxHops} edges, nodes and edges in path order; empty if there is none within {@code maxHops} (or
   * within {@value #DEFAULT_MAX_NODES} visited nodes).
   */
  public Optional<Subgraph> path(NodeRef from, NodeRef to, EdgeFilter filter, int maxHops) {
    checkNonNegative("maxHops", maxHops);
    node(from);
    node(to);
    Window window = window(filter);
    Map<NodeRef, Edge> reachedBy = new HashMap<>();
    Set<NodeRef> visited = new HashSet<>(List.of(from));
    List<NodeRef> frontier = List.of(from);
    // Out of budget, the search stops: going on from a hop it did not finish could find a longer path.
    boolean exhausted = false;
    for (int hop = 1; hop <= maxHops && !visited.contains(to) && !exhausted && !frontier.isEmpty(); hop++) {
      List<NodeRef> next = new ArrayList<>();
      for (NodeRef node : frontier) {
        filter.forEachEdge(
            graph, node, window.since, window.until,
            edge -> {
              NodeRef other = otherEnd(edge.ref(), node);
              if (visited.add(other)) {
                reachedBy.put(other, edge);
                next.add(other);
              }
              return !visited.contains(to) && visited.size() <= DEFAULT_MAX_NODES;
            });
        exhausted = visited.size() > DEFAULT_MAX_NODES && !visited.contains(to);
        if (visited.contains(to) || exhausted) {
          break;
        }
      }
      frontier = next;
    }
    if (!visited.contains(to)) {
      return Optional.empty();
    }
    List<NodeRef> refs = new ArrayList<>(List.of(to));
    List<Edge> edges = new ArrayList<>();
    for (NodeRef at = to; !at.equals(from); at = refs.get(refs.size() - 1)) {
      Edge edge = reachedBy.get(at);
      edges.add(edge);
      refs.add(otherEnd(edge.ref(), at));
    }
    Collections.reverse(refs);
    Collections.reverse(edges);
    return Optional.of(new Subgraph(readNodes(refs), edges, false));
  }

  /**
   * The connected entity around {@code ref}: every node reachable over the edges the filter lets through
   * (typically both directions and a few identity edge types: the account, profiles and devices behind a
   * device), with those edges; truncated after {@code maxNodes} nodes.
   */
  public Subgraph entity(NodeRef ref, EdgeFilter filter, int maxNodes) {
    if (maxNodes < 1) {
      throw new IllegalArgumentException("maxNodes must be >= 1 (the node asked about), but was " + maxNodes);
    }
    node(ref);
    Window window = window(filter);
    Set<NodeRef> visited = new LinkedHashSet<>(List.of(ref));
    Set<EdgeRef> edgeRefs = new HashSet<>();
    List<Edge> edges = new ArrayList<>();
    ArrayDeque<NodeRef> queue = new ArrayDeque<>(List.of(ref));
    boolean[] truncated = {false};
    while (!queue.isEmpty()) {
      NodeRef node = queue.poll();
      filter.forEachEdge(
          graph, node, window.since, window.until,
          edge -> {
            NodeRef other = otherEnd(edge.ref(), node);
            if (!visited.contains(other)) {
              if (visited.size() >= maxNodes) {
                truncated[0] = true;
                return true;
              }
              visited.add(other);
              queue.add(other);
            }
            if (edgeRefs.add(edge.ref())) {
              edges.add(edge);
            }
            return true;
          });
    }
    return new Subgraph(readNodes(visited), edges, truncated[0]);
  }

  /** The latest time the graph saw anything: the greatest last seen of its nodes and edges. */
  public Instant newestTime() {
    Instant known = newest;
    if (known == null) {
      newest = known = graph.newestTime();
    }
    return known;
  }

  /** Most recently seen first; ties in key order, so answers are deterministic. */
  private static final Comparator<Edge> LATEST_FIRST =
      Comparator.comparing((Edge edge) -> edge.seen().lastSeen()).reversed()
          .thenComparing(edge -> edge.ref().key());

  private Window window(EdgeFilter filter) {
    Instant until = filter.asOf() != null ? filter.asOf() : filter.needsNewestTime() ? newestTime() : null;
    Instant since = filter.lookback() == null ? null : until.minus(filter.lookback());
    return new Window(since, filter.asOf());
  }

  private List<Node> readNodes(Iterable<NodeRef> refs) {
    List<Node> nodes = new ArrayList<>();
    for (NodeRef ref : refs) {
      graph.node(ref).ifPresent(nodes::add);
    }
    return nodes;
  }

  /** The same key for both directions of a pair of nodes, whatever the edge's type. */
  private static String pairKey(EdgeRef edge) {
    String src = edge.src().key();
    String dst = edge.dst().key();
    return src.compareTo(dst) <= 0 ? Keys.encode(src, dst) : Keys.encode(dst, src);
  }

  private static NodeRef otherEnd(EdgeRef edge, NodeRef from) {
    return edge.src().equals(from) ? edge.dst() : edge.src();
  }

  private static void checkNonNegative(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, but was " + value);
    }
  }

  /**
   * Reads one node's edges for a LATEST hop, most recently seen first, and stops once the rest cannot be in
   * the hop's answer: after the node's {@code limit} most recent pairs and every edge seen at the same time as
   * the last of them (ties are broken by key later), or earlier at an edge older than the hop's
   * {@code limit}-th newest pair so far, since any pair seen less recently ranks behind all of those. So a hub
   * costs at most {@code limit} edges, not all of them. Before stopping it looks for one more pair, to know
   * whether the hop was truncated.
   */
  private static final class LatestCutoff implements Predicate<Edge> {
    private final int limit;
    private final Set<String> crossedPairs;
    private final Map<String, Edge> candidates;
    /** The last seen of the first edge found of each of the hop's newest pairs, at most {@code limit}. */
    private final PriorityQueue<Instant> hopNewest;
    private final Predicate<Edge> keep;
    private final Set<String> pairs = new HashSet<>();
    private @Nullable Instant boundary;
    boolean more;

    LatestCutoff(
        int limit,
        Set<String> crossedPairs,
        Map<String, Edge> candidates,
        PriorityQueue<Instant> hopNewest,
        Predicate<Edge> keep) {
      this.limit = limit;
      this.crossedPairs = crossedPairs;
      this.candidates = candidates;
      this.hopNewest = hopNewest;
      this.keep = keep;
    }

    @Override
    public boolean test(Edge edge) {
      String pair = pairKey(edge.ref());
      if (crossedPairs.contains(pair)) {
        return true;
      }
      Instant lastSeen = edge.seen().lastSeen();
      if (isBefore(lastSeen, boundary) || isBefore(lastSeen, hopFloor())) {
        // Out of the answer. An older edge of a pair already found is no news; any other pair is one too many.
        more = !candidates.containsKey(pair);
        return !more && candidates.size() <= limit;
      }
      if (!candidates.containsKey(pair)) {
        hopNewest.add(lastSeen);
        if (hopNewest.size() > limit) {
          hopNewest.poll();
        }
      }
      pairs.add(pair);
      if (boundary == null && pairs.size() >= limit) {
        boundary = lastSeen;
      }
      return keep.test(edge);
    }

    /**
     * At most the last seen of the hop's {@code limit}-th newest pair so far (a pair's first edge found may
     * be older than its latest); null until the hop has that many.
     */
    private @Nullable Instant hopFloor() {
      return limit > 0 && hopNewest.size() == limit ? hopNewest.peek() : null;
    }

    private static boolean isBefore(Instant time, @Nullable Instant bound) {
      return bound != null && time.isBefore(bound);
    }
  }

  /** Edges qualify when last seen at or after {@code since} and first seen at or before {@code until}. */
  private static final class Window {
    final @Nullable Instant since;
    final @Nullable Instant until;

    Window(@Nullable Instant since, @Nullable Instant until) {
      this.since = since;
      this.until = until;
    }
  }
}
