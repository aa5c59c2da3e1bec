package dev.rdg.sinks.kafka;

import static dev.rdg.sinks.TestGraphs.at;
import static dev.rdg.sinks.TestGraphs.edge;
import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.GraphSinks;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The Kafka sink's records: they round-trip every field the merge needs, and its URIs are checked. */
@RunWith(JUnit4.class)
public class UpsertRecordsTest {
  private static final NodeRef A1 = NodeRef.of("account", "a1|x\\y");
  private static final NodeRef P1 = NodeRef.of("profile", "a1/0");

  /** A node upsert with typed properties and their own stamps parses back to the same upsert. */
  @Test
  public void testNodeRoundTrip() {
    Properties properties =
        Properties.of(Map.of("plan", "premium", "seats", 4L), at(10))
            .merge(Properties.of(Map.of("ratio", 0.5, "kids", true), at(20)));
    Node upsert = node(A1, Observations.of(properties, at(5), at(20), 3), minute(0));
    assertThat(UpsertRecords.parse(UpsertRecords.value(upsert)).node, equalTo(upsert));
  }

  /** An edge upsert, and an unwindowed one, parse back to the same upserts. */
  @Test
  public void testEdgeRoundTrip() {
    Edge upsert = edge("has_profile", A1, P1, seen(1, 2, 2, "n", 1.0), minute(3));
    assertThat(UpsertRecords.parse(UpsertRecords.value(upsert)).edge, equalTo(upsert));
    Edge unwindowed = edge("has_profile", A1, P1, seen(1, 2, 2), null);
    assertThat(UpsertRecords.parse(UpsertRecords.value(unwindowed)).edge, equalTo(unwindowed));
  }

  /** Keys name the element and its window, so compaction keeps one record per window of an element. */
  @Test
  public void testKeysSeparateWindows() {
    Node first = node(A1, seen(1, 2, 1), minute(0));
    Node later = node(A1, seen(61, 62, 1), minute(1));
    assertThat(UpsertRecords.key(first), not(equalTo(UpsertRecords.key(later))));
    assertThat(UpsertRecords.key(first), equalTo(UpsertRecords.key(node(A1, seen(1, 9, 4), minute(0)))));
    assertThat(UpsertRecords.nodeTopic("rdg", "account"), equalTo("rdg.node.account"));
    assertThat(UpsertRecords.edgeTopic("rdg", "started_watching"), equalTo("rdg.edge.started_watching"));
  }

  /** A record that is not an upsert is a clear error. */
  @Test
  public void testRejectsForeignRecords() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UpsertRecords.parse("{\"kind\":\"other\"}"));
    assertThat(e.getMessage(), containsString("not a node or edge upsert"));
  }

  /** kafka:// URIs: prefix and pass-through properties; bad ones fail with one line. */
  @Test
  public void testUris() {
    KafkaGraphSink sink =
        (KafkaGraphSink) GraphSinks.fromUri("kafka://127.0.0.1:9092?prefix=graph&security.protocol=SSL");
    assertThat(sink.bootstrap(), equalTo("127.0.0.1:9092"));
    assertThat(sink.prefix(), equalTo("graph"));
    assertThat(sink.clients().get("security.protocol"), equalTo("SSL"));
    assertThat(((KafkaGraphSink) GraphSinks.fromUri("kafka://h:1")).prefix(), equalTo("rdg"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("kafka://")).getMessage(),
        containsString("names no broker"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("kafka://h:1?prefix=a b"))
            .getMessage(),
        containsString("prefix 'a b'"));
    String refused =
        assertThrows(
                IllegalArgumentException.class,
                () -> GraphSinks.fromUri("kafka://?sasl.jaas.config=hunter2&ssl.key.password=hunter3"))
            .getMessage();
    assertThat("secrets masked in errors", refused, not(containsString("hunter")));
    assertThat(refused, containsString("names no broker"));
  }
}
