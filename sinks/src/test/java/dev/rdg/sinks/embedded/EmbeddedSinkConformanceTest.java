package dev.rdg.sinks.embedded;

import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import dev.rdg.transforms.UpsertWriter;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The embedded store passes the conformance kit. The kit's reference is an embedded store too, so here its
 * export comparisons check replays and pane order against a second store, and its own assertions (counts,
 * times, properties of late and earlier panes) pin the merge rules; {@link EmbeddedGraphStoreTest} has the
 * rest. Also: the writer of the coalescing's own step ({@link EmbeddedGraphSink#writerInStep}).
 */
@RunWith(JUnit4.class)
public class EmbeddedSinkConformanceTest extends SinkConformanceKit {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static final NodeRef ACCOUNT = NodeRef.of("account", "a1");
  private static final NodeRef PROFILE = NodeRef.of("profile", "a1/0");
  private static final NodeRef TITLE = NodeRef.of("title", "t1");

  @Override
  protected GraphSink newSink() throws Exception {
    return EmbeddedGraphSink.at(folder.newFolder().toPath());
  }

  /**
   * The in-step writer takes every edge before its end nodes (in two windows, the later window first): in
   * between, the end nodes are there as implied nodes (count 0), so no reader sees an edge without its ends;
   * at the end it leaves what WriteGraph's nodes-then-edges leaves; written again, nothing changes.
   */
  @Test
  public void testWriterInStepTakesEdgesBeforeTheirNodes() throws Exception {
    List<Node> nodes =
        List.of(
            node(ACCOUNT, seen(0, 30, 2, "country", "NL"), minute(0)),
            node(ACCOUNT, seen(65, 70, 1, "plan", "premium"), minute(1)),
            node(PROFILE, seen(10, 20, 2), minute(0)),
            node(PROFILE, seen(61, 61, 1), minute(1)),
            node(TITLE, seen(70, 70, 1, "title", "Dark"), minute(1)));
    List<Edge> edges =
        List.of(
            edge("has_profile", ACCOUNT, PROFILE, seen(61, 61, 1), minute(1)),
            edge("has_profile", ACCOUNT, PROFILE, seen(10, 20, 2), minute(0)),
            edge("started_watching", PROFILE, TITLE, seen(70, 70, 1, "positionSec", 120L), minute(1)));
    GraphSink reference = newSink();
    write(List.of(reference), nodes, edges);

    GraphSink sink = newSink();
    UpsertWriter writer = sink.writerInStep().orElseThrow();
    for (int time = 0; time < 2; time++) {
      try (UpsertWriter.Session session = writer.open()) {
        session.write(List.of(), edges);
        if (time == 0) {
          try (GraphReader graph = sink.openReader()) {
            assertThat(graph.node(TITLE).map(title -> title.seen().count()), equalTo(Optional.of(0L)));
            assertThat(graph.node(ACCOUNT).isPresent(), equalTo(true));
          }
        }
        session.write(nodes, List.of());
      }
      assertThat("written " + (time + 1) + " time(s)", export(sink), equalTo(export(reference)));
    }
  }

  /** WriteGraph's writers do not imply end nodes: an edge to a node never upserted leaves no such node. */
  @Test
  public void testWriteGraphImpliesNoEndNodes() throws Exception {
    GraphSink sink = newSink();
    NodeRef ghost = NodeRef.of("profile", "never-upserted");
    write(
        List.of(sink),
        List.of(node(ACCOUNT, seen(0, 1, 1), minute(0))),
        List.of(edge("has_profile", ACCOUNT, ghost, seen(0, 1, 1), minute(0))));
    try (GraphReader graph = sink.openReader()) {
      assertThat(graph.node(ghost).isPresent(), equalTo(false));
      assertThat(graph.outEdges(ACCOUNT), hasSize(1));
    }
  }
}
