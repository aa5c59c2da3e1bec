package dev.rdg.sinks.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.ElementKind;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.UpsertStore;
import dev.rdg.sinks.WindowShares;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * One connection to the PostgreSQL graph: creates the tables, upserts batches of nodes or edges (one
 * transaction per batch, see {@link PostgresGraphSink}) and reads the graph back.
 *
 * <pre>{@code
 * try (PostgresStore store = sink.openStore()) {
 *   store.nodeWriter().upsert(nodes);
 *   store.outEdges(NodeRef.of("account", "a1"));
 * }
 * }</pre>
 */
public final class PostgresStore implements GraphReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Table<Node> NODES =
      new Table<>(
          "rdg_nodes",
          List.of("type", "id"),
          ElementKind.NODES,
          node -> List.of(node.ref().type(), node.ref().id()));
  private static final Table<Edge> EDGES =
      new Table<>(
          "rdg_edges",
          List.of("src_type", "src_id", "type", "dst_type", "dst_id"),
          ElementKind.EDGES,
          edge ->
              List.of(
                  edge.ref().src().type(), edge.ref().src().id(), edge.ref().type(),
                  edge.ref().dst().type(), edge.ref().dst().id()));

  /** The advisory lock that serialises table creation ("rdg" in its high bytes). */
  private static final long SCHEMA_LOCK = 0x7264670000000001L;

  private final String jdbcUrl;
  private final String name;
  /** Replaced when the server drops it ({@link Writer#upsert}); pgjdbc does not reconnect by itself. */
  private Connection connection;

  private PostgresStore(String jdbcUrl, String name, Connection connection) {
    this.jdbcUrl = jdbcUrl;
    this.name = name;
    this.connection = connection;
  }

  /** Connects to {@code jdbcUrl} and creates the tables if missing; {@code name} is the masked URI. */
  static PostgresStore connect(String jdbcUrl, String name) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(jdbcUrl);
      PostgresStore store = new PostgresStore(jdbcUrl, name, connection);
      store.createTables();
      return store;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException(name + ": cannot connect: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code e} says the connection is gone (SQLSTATE class 08; 57P01–57P03, the server shut down or
   * ended the session): a new one may succeed.
   */
  private static boolean isConnectionLost(Exception e) {
    if (!(e instanceof SQLException)) {
      return false;
    }
    String state = String.valueOf(((SQLException) e).getSQLState());
    return state.startsWith("08") || state.startsWith("57P0");
  }

  /**
   * Replaces a lost connection, so the retry of a batch runs on a live one. If the server is still
   * unreachable the old, closed connection stays and the next try fails (and reconnects) again.
   */
  private void reconnect() {
    try {
      Connection fresh = DriverManager.getConnection(jdbcUrl);
      fresh.setAutoCommit(false);
      closeQuietly(connection);
      connection = fresh;
    } catch (SQLException unreachable) {
      // The retry fails with a connection error too, and comes here again.
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already broken: nothing left to release.
    }
  }

  private void createTables() throws SQLException {
    String merged =
        "properties jsonb, first_seen timestamptz, last_seen timestamptz, count bigint, shares bytea";
    String[] ddl = {
      "CREATE TABLE IF NOT EXISTS rdg_nodes (type text NOT NULL, id text NOT NULL, " + merged
          + ", PRIMARY KEY (type, id))",
      "CREATE TABLE IF NOT EXISTS rdg_edges (src_type text NOT NULL, src_id text NOT NULL, "
          + "type text NOT NULL, dst_type text NOT NULL, dst_id text NOT NULL, " + merged
          + ", PRIMARY KEY (src_type, src_id, type, dst_type, dst_id))",
      "CREATE INDEX IF NOT EXISTS rdg_edges_by_dst ON rdg_edges (dst_type, dst_id)"
    };
    // CREATE … IF NOT EXISTS is not safe against itself in PostgreSQL: two workers creating the same table at
    // once can fail with a duplicate type or key. The creators take turns under a transaction advisory lock.
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      for (String statement : ddl) {
        s.execute(statement);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Upserts nodes, one transaction per batch. */
  public UpsertStore<Node> nodeWriter() {
    return new Writer<>(NODES);
  }

  /** Upserts edges, one transaction per batch. */
  public UpsertStore<Edge> edgeWriter() {
    return new Writer<>(EDGES);
  }

  @Override
  public Iterator<Node> nodes() {
    return query(
            "SELECT type, id, shares FROM rdg_nodes WHERE shares IS NOT NULL", List.of(), PostgresStore::node)
        .iterator();
  }

  @Override
  public Iterator<Edge> edges() {
    return query(EDGE_COLUMNS + " WHERE shares IS NOT NULL", List.of(), PostgresStore::edge).iterator();
  }

  @Override
  public Optional<Node> node(NodeRef ref) {
    return query(
            "SELECT type, id, shares FROM rdg_nodes WHERE type = ? AND id = ? AND shares IS NOT NULL",
            List.of(ref.type(), ref.id()),
            PostgresStore::node)
        .stream()
        .findFirst();
  }

  @Override
  public List<Edge> outEdges(NodeRef ref) {
    return query(
        EDGE_COLUMNS + " WHERE src_type = ? AND src_id = ? AND shares IS NOT NULL",
        List.of(ref.type(), ref.id()),
        PostgresStore::edge);
  }

  @Override
  public List<Edge> inEdges(NodeRef ref) {
    return query(
        EDGE_COLUMNS + " WHERE dst_type = ? AND dst_id = ? AND shares IS NOT NULL",
        List.of(ref.type(), ref.id()),
        PostgresStore::edge);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(name + ": close failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private static final String EDGE_COLUMNS =
      "SELECT src_type, src_id, type, dst_type, dst_id, shares FROM rdg_edges";

  private static Node node(ResultSet row) throws SQLException {
    return Node.of(NodeRef.of(row.getString(1), row.getString(2)), merged(row.getBytes(3)), null);
  }

  private static Edge edge(ResultSet row) throws SQLException {
    EdgeRef ref =
        EdgeRef.of(
            row.getString(3),
            NodeRef.of(row.getString(1), row.getString(2)),
            NodeRef.of(row.getString(4), row.getString(5)));
    return Edge.of(ref, merged(row.getBytes(6)), null);
  }

  private static Observations merged(byte[] shares) {
    return WindowShares.decode(shares).merged();
  }

  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Runs a read in its own transaction and returns every row. */
  private <T> List<T> query(String sql, List<String> parameters, RowReader<T> reader) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(1000);
      for (int i = 0; i < parameters.size(); i++) {
        statement.setString(i + 1, parameters.get(i));
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(reader.read(result));
        }
      }
      connection.commit();
      return rows;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException(name + ": read failed: " + e.getMessage(), e);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the next statement says so.
    }
  }

  /** A table of nodes or of edges: its key columns and how an upsert fills them. */
  private static final class Table<T> {
    final String name;
    final List<String> keyColumns;
    final ElementKind<T> kind;
    final Function<T, List<String>> keyValues;

    Table(String name, List<String> keyColumns, ElementKind<T> kind, Function<T, List<String>> keyValues) {
      this.name = name;
      this.keyColumns = keyColumns;
      this.kind = kind;
      this.keyValues = keyValues;
    }

    /** {@code unnest(?::text[], …) AS u(c1, …)} over the key columns. */
    String unnestKeys() {
      return "unnest(" + String.join(", ", repeat("?::text[]")) + ") AS u("
          + String.join(", ", keyColumns) + ")";
    }

    List<String> repeat(String text) {
      List<String> copies = new ArrayList<>();
      keyColumns.forEach(c -> copies.add(text));
      return copies;
    }
  }

  /** Upserts one table's batches over this store's connection. */
  private final class Writer<T> implements UpsertStore<T> {
    private final Table<T> table;
    private final String create;
    private final String lock;
    private final String upsert;

    Writer(Table<T> table) {
      this.table = table;
      String keys = String.join(", ", table.keyColumns);
      this.create =
          "INSERT INTO " + table.name + " (" + keys + ") SELECT * FROM " + table.unnestKeys()
              + " ORDER BY " + keys + " ON CONFLICT DO NOTHING";
      this.lock =
          "SELECT " + keys + ", shares FROM " + table.name + " WHERE (" + keys + ") IN (SELECT * FROM "
              + table.unnestKeys() + ") ORDER BY " + keys + " FOR UPDATE";
      this.upsert =
          "INSERT INTO " + table.name + " (" + keys
              + ", properties, first_seen, last_seen, count, shares) SELECT " + keys
              + ", p::jsonb, f::timestamptz, l::timestamptz, c, s FROM unnest("
              + String.join(", ", table.repeat("?::text[]"))
              + ", ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bytea[]) AS u(" + keys
              + ", p, f, l, c, s) ON CONFLICT (" + keys + ") DO UPDATE SET properties = EXCLUDED.properties, "
              + "first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, count = EXCLUDED.count, "
              + "shares = EXCLUDED.shares";
    }

    @Override
    public void upsert(List<T> batch) throws SQLException {
      SortedMap<String, List<T>> byElement = table.kind.byElement(batch);
      List<List<String>> keys = new ArrayList<>();
      byElement.values().forEach(upserts -> keys.add(table.keyValues.apply(upserts.get(0))));
      try {
        try (PreparedStatement statement = connection.prepareStatement(create)) {
          setKeyArrays(statement, keys);
          statement.executeUpdate();
        }
        Map<List<String>, WindowShares> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(lock)) {
          setKeyArrays(statement, keys);
          try (ResultSet row = statement.executeQuery()) {
            int n = table.keyColumns.size();
            while (row.next()) {
              List<String> key = new ArrayList<>();
              for (int i = 1; i <= n; i++) {
                key.add(row.getString(i));
              }
              stored.put(key, WindowShares.decode(row.getBytes(n + 1)));
            }
          }
        }
        write(byElement, stored);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollback();
        if (isConnectionLost(e)) {
          reconnect();
        }
        throw e;
      }
    }

    private void write(SortedMap<String, List<T>> byElement, Map<List<String>, WindowShares> stored)
        throws SQLException {
      int size = byElement.size();
      List<List<String>> keyColumns = new ArrayList<>();
      table.keyColumns.forEach(c -> keyColumns.add(new ArrayList<>(size)));
      String[] properties = new String[size];
      String[] firstSeen = new String[size];
      String[] lastSeen = new String[size];
      Long[] counts = new Long[size];
      byte[][] shares = new byte[size][];
      int i = 0;
      for (List<T> upserts : byElement.values()) {
        List<String> key = table.keyValues.apply(upserts.get(0));
        for (int c = 0; c < key.size(); c++) {
          keyColumns.get(c).add(key.get(c));
        }
        WindowShares next =
            table.kind.applied(stored.getOrDefault(key, WindowShares.empty()), upserts);
        Observations merged = next.merged();
        try {
          properties[i] = JSON.writeValueAsString(merged.properties().values());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
        firstSeen[i] = merged.firstSeen().toString();
        lastSeen[i] = merged.lastSeen().toString();
        counts[i] = merged.count();
        shares[i] = next.encode();
        i++;
      }
      try (PreparedStatement statement = connection.prepareStatement(upsert)) {
        int p = 1;
        for (List<String> column : keyColumns) {
          statement.setArray(p++, connection.createArrayOf("text", column.toArray()));
        }
        statement.setArray(p++, connection.createArrayOf("text", properties));
        statement.setArray(p++, connection.createArrayOf("text", firstSeen));
        statement.setArray(p++, connection.createArrayOf("text", lastSeen));
        statement.setArray(p++, connection.createArrayOf("bigint", counts));
        statement.setArray(p, connection.createArrayOf("bytea", shares));
        statement.executeUpdate();
      }
    }

    private void setKeyArrays(PreparedStatement statement, List<List<String>> keys) throws SQLException {
      for (int c = 0; c < table.keyColumns.size(); c++) {
        Object[] column = new Object[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
          column[k] = keys.get(k).get(c);
        }
        Array array = connection.createArrayOf("text", column);
        statement.setArray(c + 1, array);
      }
    }

    @Override
    public boolean isTransient(Exception e) {
      if (!(e instanceof SQLException)) {
        return false;
      }
      String state = String.valueOf(((SQLException) e).getSQLState());
      // serialization failure, deadlock, lock not available; a lost connection is replaced before the retry
      return state.equals("40001") || state.equals("40P01") || state.equals("55P03")
          || isConnectionLost(e);
    }

    @Override
    public String failureKind(Exception e) {
      return e instanceof SQLException
          ? "SQLSTATE " + ((SQLException) e).getSQLState()
          : UpsertStore.super.failureKind(e);
    }

    @Override
    public void close() {
      PostgresStore.this.close();
    }

    @Override
    public String toString() {
      return name + " " + table.name;
    }
  }
}
