package dev.rdg.sinks.neo4j;

import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.BatchedUpserts;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.WriteGraph;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** What the Neo4j sink promises beyond the kit: no injection, dead letters alone, constraints, masking. */
@RunWith(JUnit4.class)
public class Neo4jGraphSinkIT {
  /**
   * A node whose type is Cypher (only a corrupt or hand-made record can carry one: the model validates
   * types) fails alone with the type-name error; the rest of its batch is written and nothing is deleted.
   */
  @Test
  public void testHostileTypeNameFailsAloneAndNeverReachesCypher() throws Exception {
    Neo4jGraphSink sink = (Neo4jGraphSink) GraphSinks.fromUri(TestNeo4j.emptyUri(""));
    Node hostile = nodeOfType("x` {_id: 'a'}) DETACH DELETE n //", "h1");
    Node before = node(NodeRef.of("account", "a0"), seen(1, 1, 1), minute(0));
    List<Node> batch =
        List.of(
            node(NodeRef.of("account", "a1"), seen(1, 1, 1), minute(0)),
            hostile,
            node(NodeRef.of("account", "a2"), seen(1, 1, 1), minute(0)));
    List<String> reasons = new ArrayList<>();
    try (Neo4jStore store = sink.openStore()) {
      store.nodeWriter().upsert(List.of(before));
      List<Node> failed =
          BatchedUpserts.write(store.nodeWriter(), batch, 1, (record, e) -> reasons.add(e.getMessage()));
      assertThat(failed, equalTo(List.of(hostile)));
      assertThat(reasons.get(0), containsString("invalid type name"));
      assertThat(JsonlExport.lines(store).size(), equalTo(3));
    }
    assertThat(count("MATCH (n) RETURN count(n)"), equalTo(3L));
  }

  /**
   * A node whose id is too large for Neo4j's unique index comes out of the pipeline's write as the only
   * dead letter, with Neo4j's error code and message as its reason; the rest of its batch and the edges
   * are written.
   */
  @Test
  public void testRecordThatFailsAloneIsTheOnlyDeadLetter() throws Exception {
    Node huge = node(NodeRef.of("account", "x".repeat(40_000)), seen(1, 1, 1), minute(0));
    SinkConformanceKit.assertRefusedAlone(
        GraphSinks.fromUri(TestNeo4j.emptyUri("maxRetries=1")),
        huge,
        "Neo.DatabaseError.Statement.ExecutionFailed: Property value is too large to index");
  }

  /** A uniqueness constraint on _id exists for every label written. */
  @Test
  public void testUniquenessConstraintsCreated() throws Exception {
    Neo4jGraphSink sink = (Neo4jGraphSink) GraphSinks.fromUri(TestNeo4j.emptyUri(""));
    try (Neo4jStore store = sink.openStore()) {
      store.nodeWriter().upsert(List.of(node(NodeRef.of("device", "d1"), seen(1, 1, 1), minute(0))));
    }
    try (Driver driver = GraphDatabase.driver(TestNeo4j.server().boltURI(), AuthTokens.none());
        Session session = driver.session()) {
      List<String> constraints =
          session.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                  + "RETURN labelsOrTypes[0] + '.' + properties[0] + ':' + type AS c")
              .list(r -> r.get("c").asString());
      assertThat(constraints, hasItem("device._id:UNIQUENESS"));
    }
  }

  /** The password never shows: not in toString, not in the display data of the write transforms. */
  @Test
  public void testPasswordIsMasked() {
    String uri = "neo4j://127.0.0.1:7687?user=neo4j&password=s3cr%C3%A9t&batchSize=10";
    Neo4jGraphSink sink = Neo4jGraphSink.of(uri);
    assertThat(sink.toString(), not(containsString("s3cr")));
    assertThat(sink.toString(), containsString("<provided>"));
    assertThat(DisplayData.from(WriteGraph.to(sink)).toString(), not(containsString("s3cr")));
    assertThat(DisplayData.from(sink.writeNodes()).toString(), not(containsString("s3cr")));
    assertThat(sink.uri(), equalTo(uri));
  }

  /** Unknown options and bad values fail when the sink is made, naming the option. */
  @Test
  public void testBadOptionsFailAtOnce() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class,
            () -> GraphSinks.fromUri("neo4j://h:7687?pasword=x"));
    assertThat(unknown.getMessage(), containsString("unknown option 'pasword'"));
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class,
            () -> GraphSinks.fromUri("neo4j://h:7687?batchSize=0&password=x"));
    assertThat(batch.getMessage(), containsString("batchSize=0"));
    assertThat(batch.getMessage(), not(containsString("password=x")));
  }

  private static long count(String query) {
    try (Driver driver = GraphDatabase.driver(TestNeo4j.server().boltURI(), AuthTokens.none());
        Session session = driver.session()) {
      return session.run(query).single().get(0).asLong();
    }
  }

  /** A node decoded from bytes, as a corrupt record would be: the coder does not validate the type. */
  private static Node nodeOfType(String type, String id) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringUtf8Coder.of().encode(type, bytes);
    StringUtf8Coder.of().encode(id, bytes);
    Observations.ObservationsCoder.of().encode(seen(1, 1, 1), bytes);
    NullableCoder.of(IntervalWindow.getCoder()).encode(minute(0), bytes);
    return CoderUtils.decodeFromByteArray(Node.NodeCoder.of(), bytes.toByteArray());
  }
}
