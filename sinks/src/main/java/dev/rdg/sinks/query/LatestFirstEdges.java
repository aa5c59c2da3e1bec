package dev.rdg.sinks.query;

import dev.rdg.model.Edge;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A node's out-edges and in-edges as one sequence, most recently seen first, read as lazily as the two
 * latest-first scans it merges ({@link dev.rdg.sinks.GraphReader#scanOutEdgesLatestFirst}); closing it closes
 * both.
 */
final class LatestFirstEdges implements Iterator<Edge>, AutoCloseable {
  private final Iterator<Edge> out;
  private final Iterator<Edge> in;
  private @Nullable Edge nextOut;
  private @Nullable Edge nextIn;

  LatestFirstEdges(Iterator<Edge> out, Iterator<Edge> in) {
    this.out = out;
    this.in = in;
    nextOut = out.hasNext() ? out.next() : null;
    nextIn = in.hasNext() ? in.next() : null;
  }

  @Override
  public boolean hasNext() {
    return nextOut != null || nextIn != null;
  }

  @Override
  public Edge next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Edge edge;
    if (nextIn == null || (nextOut != null && !nextOut.seen().lastSeen().isBefore(nextIn.seen().lastSeen()))) {
      edge = nextOut;
      nextOut = out.hasNext() ? out.next() : null;
    } else {
      edge = nextIn;
      nextIn = in.hasNext() ? in.next() : null;
    }
    return edge;
  }

  @Override
  public void close() throws Exception {
    try {
      closeIfCloseable(out);
    } finally {
      closeIfCloseable(in);
    }
  }

  static void closeIfCloseable(Iterator<Edge> edges) throws Exception {
    if (edges instanceof AutoCloseable) {
      ((AutoCloseable) edges).close();
    }
  }
}
