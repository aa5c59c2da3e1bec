package dev.rdg.sinks;

import dev.rdg.mapping.Retention;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A graph as its retention policy shows it: the elements {@link Retention#expired} hides are left out of
 * every read, so export, queries and the HTTP API agree on what has expired, whatever the sink.
 *
 * <p>The reference is {@code asOf} when given, else the graph's {@link GraphReader#newestTime} (event time,
 * not the wall clock: re-ingesting old events does not expire them on arrival, and the same graph always
 * reads the same). It is computed once, on the first read that needs it. An edge that has not expired keeps
 * its place even when an end node has (a shorter ttl on the node type): the end is then a bare reference
 * that {@link #node} does not find, exactly as export shows the edge without that node.
 *
 * <pre>{@code
 * try (GraphReader graph = RetainedGraph.open(GraphSinks.fromUri("embedded:./graph"), null, null)) {
 *   JsonlExport.write(graph, Paths.get("graph.jsonl"));   // without the expired elements
 * }
 * }</pre>
 */
public final class RetainedGraph implements GraphReader {
  private final GraphReader graph;
  private final Retention retention;
  private final @Nullable Instant asOf;
  private volatile @Nullable Instant reference;

  private RetainedGraph(GraphReader graph, Retention retention, @Nullable Instant asOf) {
    this.graph = graph;
    this.retention = retention;
    this.asOf = asOf;
  }

  /**
   * Opens {@code sink}'s graph under {@code retention}, or, when that is null, under the policy the sink
   * kept at ingest ({@link GraphSink#savedRetention}); a graph without a policy is returned as it is.
   */
  public static GraphReader open(GraphSink sink, @Nullable Retention retention, @Nullable Instant asOf) {
    Retention policy = policy(sink, retention); // before opening: a policy that cannot be read leaks nothing
    return of(sink.openReader(), policy, asOf);
  }

  /** {@code retention}, or when that is null the policy {@code sink} kept, or {@link Retention#NONE}. */
  public static Retention policy(GraphSink sink, @Nullable Retention retention) {
    return retention != null ? retention : sink.savedRetention().orElse(Retention.NONE);
  }

  /** {@code graph} under {@code retention}; {@code graph} itself when the policy expires nothing. */
  public static GraphReader of(GraphReader graph, Retention retention, @Nullable Instant asOf) {
    return retention.isEmpty() ? graph : new RetainedGraph(graph, retention, asOf);
  }

  /** The time elements expire relative to: {@code asOf}, or the graph's newest time. */
  public Instant reference() {
    Instant known = reference;
    if (known == null) {
      reference = known = asOf != null ? asOf : graph.newestTime();
    }
    return known;
  }

  @Override
  public Iterator<Node> nodes() {
    return new Retained<>(graph.nodes(), this::kept);
  }

  @Override
  public Iterator<Edge> edges() {
    return new Retained<>(graph.edges(), this::kept);
  }

  @Override
  public Optional<Node> node(NodeRef ref) {
    return graph.node(ref).filter(this::kept);
  }

  @Override
  public List<Edge> outEdges(NodeRef ref) {
    return graph.outEdges(ref).stream().filter(this::kept).collect(Collectors.toList());
  }

  @Override
  public List<Edge> inEdges(NodeRef ref) {
    return graph.inEdges(ref).stream().filter(this::kept).collect(Collectors.toList());
  }

  @Override
  public Iterator<Edge> scanOutEdges(NodeRef ref) {
    return new Retained<>(graph.scanOutEdges(ref), this::kept);
  }

  @Override
  public Iterator<Edge> scanInEdges(NodeRef ref) {
    return new Retained<>(graph.scanInEdges(ref), this::kept);
  }

  @Override
  public Iterator<Edge> scanOutEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return new Retained<>(graph.scanOutEdgesLatestFirst(ref, since), this::kept);
  }

  @Override
  public Iterator<Edge> scanInEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return new Retained<>(graph.scanInEdgesLatestFirst(ref, since), this::kept);
  }

  /** The newest time of the whole graph, expired elements included: the reference is not moved by retention. */
  @Override
  public Instant newestTime() {
    return graph.newestTime();
  }

  @Override
  public void close() {
    graph.close();
  }

  @Override
  public String toString() {
    return graph + " under " + retention;
  }

  private boolean kept(Node node) {
    return !retention.expired(node, reference());
  }

  private boolean kept(Edge edge) {
    return !retention.expired(edge, reference());
  }

  /** The elements of an iterator the predicate keeps; closing it closes the underlying iterator. */
  private static final class Retained<T> implements Iterator<T>, AutoCloseable {
    private final Iterator<T> elements;
    private final Predicate<T> kept;
    private @Nullable T next;

    Retained(Iterator<T> elements, Predicate<T> kept) {
      this.elements = elements;
      this.kept = kept;
    }

    @Override
    public boolean hasNext() {
      while (next == null && elements.hasNext()) {
        T element = elements.next();
        if (kept.test(element)) {
          next = element;
        }
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T element = next;
      next = null;
      return element;
    }

    @Override
    public void close() throws Exception {
      if (elements instanceof AutoCloseable) {
        ((AutoCloseable) elements).close();
      }
    }
  }
}
