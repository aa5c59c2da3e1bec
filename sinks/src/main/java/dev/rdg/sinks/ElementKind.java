package dev.rdg.sinks;

import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.Node;
import dev.rdg.model.Observations;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What stores need to know of nodes and of edges alike: an upsert's element key (the model's
 * {@code Keys}), its window and its share, the key writes are grouped by, and its export line. Stores
 * that keep {@link WindowShares} write a batch with {@link #byElement} and {@link #applied}.
 *
 * <pre>{@code
 * for (Map.Entry<String, List<Node>> element : ElementKind.NODES.byElement(batch).entrySet()) {
 *   WindowShares shares = ElementKind.NODES.applied(stored.get(element.getKey()), element.getValue());
 * }
 * }</pre>
 */
public abstract class ElementKind<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Nodes, keyed and grouped by their identity. */
  public static final ElementKind<Node> NODES =
      new ElementKind<Node>() {
        @Override
        public String key(Node node) {
          return node.ref().key();
        }

        @Override
        public String groupKey(Node node) {
          return node.ref().key();
        }

        @Override
        public @Nullable IntervalWindow window(Node node) {
          return node.window();
        }

        @Override
        public Observations seen(Node node) {
          return node.seen();
        }

        @Override
        public String exportLine(Node node) {
          return GraphJson.line(node);
        }

        private Object readResolve() {
          return NODES;
        }
      };

  /** Edges, keyed by their identity and grouped by their source node, whose lock they all take. */
  public static final ElementKind<Edge> EDGES =
      new ElementKind<Edge>() {
        @Override
        public String key(Edge edge) {
          return edge.ref().key();
        }

        @Override
        public String groupKey(Edge edge) {
          return edge.ref().src().key();
        }

        @Override
        public @Nullable IntervalWindow window(Edge edge) {
          return edge.window();
        }

        @Override
        public Observations seen(Edge edge) {
          return edge.seen();
        }

        @Override
        public String exportLine(Edge edge) {
          return GraphJson.line(edge);
        }

        private Object readResolve() {
          return EDGES;
        }
      };

  private ElementKind() {}

  /** The element's identity as one collision-free string. */
  public abstract String key(T upsert);

  /** What writes are grouped by, so writes that take the same locks go through one writer. */
  public abstract String groupKey(T upsert);

  public abstract @Nullable IntervalWindow window(T upsert);

  public abstract Observations seen(T upsert);

  public abstract String exportLine(T upsert);

  /**
   * The batch's upserts per element, elements in key order (so concurrent writers lock rows in one order
   * and cannot deadlock on each other), each element's upserts in batch order.
   */
  public SortedMap<String, List<T>> byElement(List<T> batch) {
    SortedMap<String, List<T>> byElement = new TreeMap<>();
    for (T upsert : batch) {
      byElement.computeIfAbsent(key(upsert), k -> new ArrayList<>()).add(upsert);
    }
    return byElement;
  }

  /** {@code stored} with each upsert's window share replaced, in order. */
  public WindowShares applied(WindowShares stored, List<T> upserts) {
    WindowShares shares = stored;
    for (T upsert : upserts) {
      shares = shares.with(WindowShares.label(window(upsert)), seen(upsert));
    }
    return shares;
  }
}
