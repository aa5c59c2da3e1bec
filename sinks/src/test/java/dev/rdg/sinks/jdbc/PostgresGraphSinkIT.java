package dev.rdg.sinks.jdbc;

import static dev.rdg.sinks.TestGraphs.minute;
import static dev.rdg.sinks.TestGraphs.node;
import static dev.rdg.sinks.TestGraphs.seen;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.sinks.BatchedUpserts;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.WriteGraph;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** What the PostgreSQL sink promises beyond the kit: dead letters alone, SQL-readable tables, masking. */
@RunWith(JUnit4.class)
public class PostgresGraphSinkIT {
  /**
   * An id PostgreSQL cannot store (a NUL character) comes out of the pipeline's write as the only dead
   * letter, with its SQLSTATE as its reason; the rest of its batch and the edges are written.
   */
  @Test
  public void testRecordThatFailsAloneIsTheOnlyDeadLetter() throws Exception {
    Node nul = node(NodeRef.of("account", "a\u0000b"), seen(1, 1, 1), minute(0));
    SinkConformanceKit.assertRefusedAlone(
        GraphSinks.fromUri(TestPostgres.freshUri("maxRetries=1")), nul, "SQLSTATE ");
  }

  /** The merged record is readable with plain SQL: count summed over windows, properties as JSON. */
  @Test
  public void testMergedRecordInSqlColumns() throws Exception {
    String uri = TestPostgres.freshUri("");
    PostgresGraphSink sink = (PostgresGraphSink) GraphSinks.fromUri(uri);
    try (PostgresStore store = sink.openStore()) {
      NodeRef a1 = NodeRef.of("account", "a1");
      store.nodeWriter().upsert(List.of(node(a1, seen(1, 5, 2, "country", "NL"), minute(0))));
      store.nodeWriter().upsert(List.of(node(a1, seen(70, 80, 3, "plan", "basic"), minute(1))));
      store.nodeWriter().upsert(List.of(node(a1, seen(70, 90, 4, "plan", "premium"), minute(1))));
    }
    try (Connection c = DriverManager.getConnection(sink.jdbcUrl());
        ResultSet row =
            c.createStatement()
                .executeQuery("SELECT count, properties->>'plan', properties->>'country', "
                    + "first_seen < last_seen FROM rdg_nodes WHERE type = 'account' AND id = 'a1'")) {
      row.next();
      assertThat("2 + 4 (the later pane of minute 1 replaced 3)", row.getLong(1), equalTo(6L));
      assertThat(row.getString(2), equalTo("premium"));
      assertThat(row.getString(3), equalTo("NL"));
      assertThat(row.getBoolean(4), equalTo(true));
    }
  }

  /**
   * A connection the server ends (an administrator, a restart, a failover) is replaced: the batch written
   * after it is retried on a new connection and written whole, with no dead letter.
   */
  @Test
  public void testLostConnectionIsReplacedAndTheBatchWritten() throws Exception {
    PostgresGraphSink sink = (PostgresGraphSink) GraphSinks.fromUri(TestPostgres.freshUri(""));
    NodeRef a1 = NodeRef.of("account", "a1");
    NodeRef a2 = NodeRef.of("account", "a2");
    try (PostgresStore store = sink.openStore()) {
      store.nodeWriter().upsert(List.of(node(a1, seen(1, 5, 2), minute(0))));
      try (Connection admin = DriverManager.getConnection(sink.jdbcUrl())) {
        ResultSet ended =
            admin
                .createStatement()
                .executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    + "AND backend_type = 'client backend'");
        ended.next();
        assertThat("the store's connection was ended", ended.getLong(1), greaterThanOrEqualTo(1L));
      }
      List<Node> batch =
          List.of(node(a1, seen(1, 9, 3), minute(0)), node(a2, seen(2, 2, 1), minute(0)));
      List<Node> refused =
          BatchedUpserts.write(
              store.nodeWriter(),
              batch,
              3,
              (record, failure) -> {
                throw new AssertionError("dead-lettered " + record, failure);
              });
      assertThat(refused, empty());
      assertThat(store.node(a1).get().seen().count(), equalTo(3L));
      assertThat(store.node(a2).get().seen().count(), equalTo(1L));
    }
  }

  /** The password never shows in toString or display data; other JDBC subprotocols are refused clearly. */
  @Test
  public void testPasswordMaskedAndOtherDatabasesRefused() {
    PostgresGraphSink sink =
        PostgresGraphSink.of("jdbc:postgresql://127.0.0.1:5432/g?user=rdg&password=s3cret&batchSize=5");
    assertThat(sink.toString(), not(containsString("s3cret")));
    assertThat(DisplayData.from(WriteGraph.to(sink)).toString(), not(containsString("s3cret")));
    assertThat(DisplayData.from(sink.writeEdges()).toString(), not(containsString("s3cret")));
    assertThat(sink.jdbcUrl(), not(containsString("batchSize")));
    IllegalArgumentException mysql =
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("jdbc:mysql://h/db"));
    assertThat(mysql.getMessage(), containsString("only PostgreSQL"));
  }
}
