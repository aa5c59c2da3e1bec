package dev.rdg.transforms;

import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link UpsertBatches}: when it writes to its session, and what each write holds. */
@RunWith(JUnit4.class)
public class UpsertBatchesTest {
  private static final Observations SEEN = Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1);
  private static final Edge EDGE = Edge.of(WATCHING, SEEN, null);

  private final RecordingSession session = new RecordingSession();
  private final UpsertBatches batches = new UpsertBatches(session);

  /** Nodes and edges count together towards a batch: the upsert that makes it {@code MAX} writes it. */
  @Test
  public void testWritesWhenNodesAndEdgesTogetherReachMax() {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < UpsertBatches.MAX - 1; i++) {
      nodes.add(node("a" + i));
      batches.add(nodes.get(i));
    }
    assertTrue(session.writes.isEmpty());

    batches.add(EDGE);

    assertEquals(List.of(new Write(nodes, List.of(EDGE))), session.writes);
  }

  /** A flush writes the buffered nodes and edges together, in one write. */
  @Test
  public void testFlushWritesNodesAndEdgesInOneWrite() {
    batches.add(node("a1"));
    batches.add(EDGE);
    batches.add(node("a2"));

    batches.flush();

    assertEquals(List.of(new Write(List.of(node("a1"), node("a2")), List.of(EDGE))), session.writes);
  }

  /** A flush of an empty buffer, new or just flushed, writes nothing. */
  @Test
  public void testFlushOfAnEmptyBufferWritesNothing() {
    batches.flush();
    batches.add(node("a1"));
    batches.flush();

    batches.flush();

    assertEquals(List.of(new Write(List.of(node("a1")), List.of())), session.writes);
  }

  /** Closing closes the session without writing what is still buffered. */
  @Test
  public void testCloseDoesNotWriteTheBuffer() {
    batches.add(node("a1"));
    batches.add(EDGE);

    batches.close();

    assertTrue(session.writes.isEmpty());
    assertTrue(session.closed);
  }

  private static Node node(String id) {
    return Node.of(NodeRef.of("account", id), SEEN, null);
  }

  /** One call of {@link UpsertWriter.Session#write}, with copies of what it was given. */
  private record Write(List<Node> nodes, List<Edge> edges) {}

  /** Records the writes it is given and whether it was closed. */
  private static final class RecordingSession implements UpsertWriter.Session {
    final List<Write> writes = new ArrayList<>();
    boolean closed;

    @Override
    public void write(List<Node> nodes, List<Edge> edges) {
      writes.add(new Write(List.copyOf(nodes), List.copyOf(edges)));
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
