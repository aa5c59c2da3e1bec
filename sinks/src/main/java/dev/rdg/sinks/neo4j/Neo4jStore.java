package dev.rdg.sinks.neo4j;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.TypeNames;
import dev.rdg.sinks.ElementKind;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.SinkUri;
import dev.rdg.sinks.UpsertStore;
import dev.rdg.sinks.WindowShares;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.RetryableException;

/**
 * A connection to the Neo4j graph: upserts batches of nodes or edges (one transaction per batch, see
 * {@link Neo4jGraphSink}) and reads the graph back. Drivers are shared per URI within a JVM, as the driver
 * is a connection pool meant to be shared.
 *
 * <pre>{@code
 * try (Neo4jStore store = sink.openStore()) {
 *   store.nodeWriter().upsert(nodes);
 * }
 * }</pre>
 */
public final class Neo4jStore implements GraphReader {
  private static final Map<String, SharedDriver> DRIVERS = new HashMap<>();

  private final SinkUri uri;
  private final SharedDriver shared;
  private final SessionConfig sessions;
  private boolean closed;

  private Neo4jStore(SinkUri uri, SharedDriver shared) {
    this.uri = uri;
    this.shared = shared;
    String database = uri.option("database", "");
    this.sessions =
        database.isEmpty() ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(database);
  }

  /** Joins (or opens) this JVM's driver for {@code uri}. */
  static Neo4jStore connect(SinkUri uri) {
    synchronized (DRIVERS) {
      SharedDriver shared = DRIVERS.get(uri.text());
      if (shared == null) {
        String user = uri.option("user", "");
        AuthToken auth =
            user.isEmpty() ? AuthTokens.none() : AuthTokens.basic(user, uri.option("password", ""));
        shared = new SharedDriver(uri.text(), GraphDatabase.driver(uri.location(), auth));
        DRIVERS.put(uri.text(), shared);
      }
      shared.users++;
      return new Neo4jStore(uri, shared);
    }
  }

  /** Upserts nodes, one transaction per batch. */
  public UpsertStore<Node> nodeWriter() {
    return new Writer<>(ElementKind.NODES, new NodeQueries());
  }

  /** Upserts edges, one transaction per batch. */
  public UpsertStore<Edge> edgeWriter() {
    return new Writer<>(ElementKind.EDGES, new EdgeQueries());
  }

  @Override
  public Iterator<Node> nodes() {
    return read(
            "MATCH (n) WHERE n._shares IS NOT NULL "
                + "RETURN labels(n)[0] AS type, n._id AS id, n._shares AS shares",
            Map.of(),
            Neo4jStore::node)
        .iterator();
  }

  @Override
  public Iterator<Edge> edges() {
    return read("MATCH (s)-[r]->(d) WHERE r._shares IS NOT NULL " + EDGE_RETURN, Map.of(), Neo4jStore::edge)
        .iterator();
  }

  @Override
  public Optional<Node> node(NodeRef ref) {
    return read(
            "MATCH (n:" + label(ref.type()) + " {_id: $id}) WHERE n._shares IS NOT NULL "
                + "RETURN labels(n)[0] AS type, n._id AS id, n._shares AS shares",
            Map.of("id", ref.id()),
            Neo4jStore::node)
        .stream()
        .findFirst();
  }

  @Override
  public List<Edge> outEdges(NodeRef ref) {
    return read(
        "MATCH (s:" + label(ref.type()) + " {_id: $id})-[r]->(d) WHERE r._shares IS NOT NULL " + EDGE_RETURN,
        Map.of("id", ref.id()),
        Neo4jStore::edge);
  }

  @Override
  public List<Edge> inEdges(NodeRef ref) {
    return read(
        "MATCH (s)-[r]->(d:" + label(ref.type()) + " {_id: $id}) WHERE r._shares IS NOT NULL " + EDGE_RETURN,
        Map.of("id", ref.id()),
        Neo4jStore::edge);
  }

  /** Releases this store's share of the driver; the last user closes it. */
  @Override
  public void close() {
    synchronized (DRIVERS) {
      if (closed) {
        return;
      }
      closed = true;
      if (--shared.users == 0) {
        DRIVERS.remove(shared.key);
        shared.driver.close();
      }
    }
  }

  @Override
  public String toString() {
    return uri.masked();
  }

  private static final String EDGE_RETURN =
      "RETURN type(r) AS type, labels(s)[0] AS srcType, s._id AS src, labels(d)[0] AS dstType, "
          + "d._id AS dst, r._shares AS shares";

  /** A type name quoted for Cypher, after {@link TypeNames#validate}: nothing else is ever spliced in. */
  static String label(String type) {
    return "`" + TypeNames.validate(type) + "`";
  }

  private static Node node(Record row) {
    return Node.of(
        NodeRef.of(row.get("type").asString(), row.get("id").asString()), merged(row), null);
  }

  private static Edge edge(Record row) {
    EdgeRef ref =
        EdgeRef.of(
            row.get("type").asString(),
            NodeRef.of(row.get("srcType").asString(), row.get("src").asString()),
            NodeRef.of(row.get("dstType").asString(), row.get("dst").asString()));
    return Edge.of(ref, merged(row), null);
  }

  private static Observations merged(Record row) {
    return WindowShares.decode(row.get("shares").asByteArray()).merged();
  }

  private <T> List<T> read(String query, Map<String, Object> parameters, Function<Record, T> reader) {
    try (Session session = shared.driver.session(sessions)) {
      return session.executeRead(tx -> tx.run(query, parameters).list(reader::apply));
    }
  }

  /** The record's properties as Neo4j stores them: merged record, visible properties, shares. */
  private static Map<String, Object> properties(WindowShares shares) {
    Observations merged = shares.merged();
    Map<String, Object> properties = new LinkedHashMap<>();
    merged.properties().values().forEach((name, value) -> {
      if (!name.startsWith("_")) {
        properties.put(name, value);
      }
    });
    properties.put("_firstSeen", time(merged.firstSeen()));
    properties.put("_lastSeen", time(merged.lastSeen()));
    properties.put("_count", merged.count());
    properties.put("_shares", shares.encode());
    return properties;
  }

  private static ZonedDateTime time(org.joda.time.Instant instant) {
    return Instant.ofEpochMilli(instant.getMillis()).atZone(ZoneOffset.UTC);
  }

  /**
   * The Cypher of one kind of element. A batch is split into groups that share their labels (the only
   * names in the query text); {@code lock} MERGEs and write-locks a group's rows and returns their stored
   * shares, {@code write} sets their new properties.
   */
  private interface Queries<T> {
    /** The labels a group's query names, validated: its group key. */
    List<String> labels(T upsert);

    /** Of a group's labels, the node labels, which get a uniqueness constraint. */
    List<String> nodeLabels(List<String> labels);

    /** The row identifying the element in the queries' parameters. */
    Map<String, Object> row(T upsert);

    /** The nodes writing the element locks besides its own record: an edge's end nodes. */
    List<NodeRef> endNodes(T upsert);

    String lock(List<String> labels);

    String write(List<String> labels);
  }

  private static final class NodeQueries implements Queries<Node> {
    @Override
    public List<String> labels(Node node) {
      return List.of(label(node.ref().type()));
    }

    @Override
    public List<String> nodeLabels(List<String> labels) {
      return labels;
    }

    @Override
    public Map<String, Object> row(Node node) {
      return Map.of("id", node.ref().id());
    }

    @Override
    public List<NodeRef> endNodes(Node node) {
      return List.of();
    }

    @Override
    public String lock(List<String> labels) {
      return "UNWIND $rows AS row MERGE (n:" + labels.get(0) + " {_id: row.id}) SET n._lock = true "
          + "RETURN n._shares AS shares";
    }

    @Override
    public String write(List<String> labels) {
      return "UNWIND $rows AS row MATCH (n:" + labels.get(0) + " {_id: row.id}) SET n = row.properties";
    }
  }

  private static final class EdgeQueries implements Queries<Edge> {
    @Override
    public List<String> labels(Edge edge) {
      return List.of(
          label(edge.ref().type()), label(edge.ref().src().type()), label(edge.ref().dst().type()));
    }

    @Override
    public List<String> nodeLabels(List<String> labels) {
      return labels.subList(1, 3);
    }

    @Override
    public Map<String, Object> row(Edge edge) {
      return Map.of("src", edge.ref().src().id(), "dst", edge.ref().dst().id());
    }

    @Override
    public List<NodeRef> endNodes(Edge edge) {
      return List.of(edge.ref().src(), edge.ref().dst());
    }

    @Override
    public String lock(List<String> labels) {
      return "UNWIND $rows AS row MERGE (s:" + labels.get(1) + " {_id: row.src}) MERGE (d:" + labels.get(2)
          + " {_id: row.dst}) MERGE (s)-[r:" + labels.get(0) + "]->(d) SET r._lock = true "
          + "RETURN r._shares AS shares";
    }

    @Override
    public String write(List<String> labels) {
      return "UNWIND $rows AS row MATCH (s:" + labels.get(1) + " {_id: row.src})-[r:" + labels.get(0)
          + "]->(d:" + labels.get(2) + " {_id: row.dst}) SET r = row.properties";
    }
  }

  /** Upserts one kind of element over this store's driver. */
  private final class Writer<T> implements UpsertStore<T> {
    private final ElementKind<T> kind;
    private final Queries<T> queries;

    Writer(ElementKind<T> kind, Queries<T> queries) {
      this.kind = kind;
      this.queries = queries;
    }

    @Override
    public void upsert(List<T> batch) {
      // Groups by labels, in label order, each group's elements in key order; validating the labels first
      // fails a batch with a hostile type name before anything is sent.
      SortedMap<String, SortedMap<String, List<T>>> groups = new TreeMap<>();
      Map<String, List<String>> labelsOf = new HashMap<>();
      SortedMap<String, SortedSet<String>> endNodes = new TreeMap<>();
      kind.byElement(batch)
          .forEach(
              (key, upserts) -> {
                List<String> labels = queries.labels(upserts.get(0));
                String group = String.join(",", labels);
                labelsOf.put(group, labels);
                groups.computeIfAbsent(group, g -> new TreeMap<>()).put(key, upserts);
                for (NodeRef end : queries.endNodes(upserts.get(0))) {
                  endNodes.computeIfAbsent(label(end.type()), l -> new TreeSet<>()).add(end.id());
                }
              });
      for (List<String> labels : labelsOf.values()) {
        for (String label : queries.nodeLabels(labels)) {
          shared.ensureConstraint(label, sessions);
        }
      }
      // An explicit transaction, not a managed one: BatchedUpserts does the retrying.
      try (Session session = shared.driver.session(sessions);
          Transaction tx = session.beginTransaction()) {
        // Every writer takes its node locks in one order, (label, id), before any relationship is created
        // (which locks both ends): parallel writers then wait for each other but never deadlock.
        endNodes.forEach(
            (label, ids) ->
                tx.run(
                        "UNWIND $ids AS id MERGE (n:" + label + " {_id: id}) SET n._lock = true REMOVE n._lock",
                        Map.of("ids", new ArrayList<>(ids)))
                    .consume());
        groups.forEach((group, elements) -> write(tx, labelsOf.get(group), elements));
        tx.commit();
      }
    }

    private void write(Transaction tx, List<String> labels, SortedMap<String, List<T>> elements) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (List<T> upserts : elements.values()) {
        rows.add(queries.row(upserts.get(0)));
      }
      List<Record> stored = tx.run(queries.lock(labels), Map.of("rows", rows)).list();
      List<Map<String, Object>> written = new ArrayList<>();
      int i = 0;
      for (List<T> upserts : elements.values()) {
        org.neo4j.driver.Value shares = stored.get(i).get("shares");
        WindowShares next =
            kind.applied(WindowShares.decode(shares.isNull() ? null : shares.asByteArray()), upserts);
        Map<String, Object> row = new HashMap<>(rows.get(i));
        Map<String, Object> properties = properties(next);
        if (row.containsKey("id")) {
          properties.put("_id", row.get("id"));
        }
        row.put("properties", properties);
        written.add(row);
        i++;
      }
      tx.run(queries.write(labels), Map.of("rows", written)).consume();
    }

    @Override
    public boolean isTransient(Exception e) {
      return e instanceof RetryableException;
    }

    @Override
    public String failureKind(Exception e) {
      return e instanceof Neo4jException && ((Neo4jException) e).code() != null
          ? ((Neo4jException) e).code()
          : UpsertStore.super.failureKind(e);
    }

    @Override
    public void close() {
      Neo4jStore.this.close();
    }
  }

  /** One driver and the labels whose constraint it has made sure of. */
  private static final class SharedDriver {
    final String key;
    final Driver driver;
    final Set<String> constrained = ConcurrentHashMap.newKeySet();
    int users;

    SharedDriver(String key, Driver driver) {
      this.key = key;
      this.driver = driver;
    }

    /** Creates the uniqueness constraint on {@code _id} of a (quoted, validated) label, once. */
    void ensureConstraint(String label, SessionConfig sessions) {
      if (constrained.contains(label)) {
        return;
      }
      try (Session session = driver.session(sessions)) {
        session
            .run("CREATE CONSTRAINT IF NOT EXISTS FOR (n:" + label + ") REQUIRE n._id IS UNIQUE")
            .consume();
      } catch (Neo4jException e) {
        // Another writer created it at the same moment: it exists now, which is all that counts.
        if (!String.valueOf(e.code()).contains("AlreadyExists")) {
          throw e;
        }
      }
      constrained.add(label);
    }
  }
}
