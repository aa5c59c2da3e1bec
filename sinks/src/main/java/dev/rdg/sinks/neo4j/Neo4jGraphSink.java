package dev.rdg.sinks.neo4j;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.sinks.BatchedUpserts;
import dev.rdg.sinks.ElementKind;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.SinkUri;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * The Neo4j sink, {@code neo4j://HOST:PORT?user=…&password=…}: nodes labelled with
 * their type, keyed by the property {@code _id}; edges as relationships of their type.
 *
 * <h3>Graph</h3>
 *
 * A node {@code (type, id)} is {@code (:type {_id: id})} and carries its merged record ({@code _firstSeen},
 * {@code _lastSeen} as datetimes, {@code _count}, and its properties, except names starting with {@code _})
 * plus {@code _shares}, each window's share ({@link dev.rdg.sinks.WindowShares}), from which the export is
 * read. An edge is {@code (src)-[:type]->(dst)} with the same properties. A uniqueness constraint on
 * {@code _id} is created for every label before it is first written, so parallel writers never create
 * duplicate nodes. Labels and relationship types come only from names {@link dev.rdg.model.TypeNames}
 * accepts, checked again right before they are quoted into a query; ids and values are parameters.
 *
 * <h3>Writes</h3>
 *
 * Batches ({@code batchSize}, default 1000; {@code flushInterval}, default 1s; {@code shards}, default 16)
 * are one transaction each: {@code UNWIND $rows … MERGE} creates and write-locks the batch's elements in
 * key order, their shares are replaced by the upserts' windows and the merged records written back with
 * {@code UNWIND … SET}. Edges are grouped by source node, so the writes that lock one node go through one
 * writer; an edge batch first write-locks all its end nodes in one global order (label, id), so writers that
 * share end nodes wait for each other instead of deadlocking. Deadlocks and other transient errors are still
 * retried with backoff; a record that still fails is output as a dead letter alone, the rest of its batch
 * written (see {@link BatchedUpserts}).
 *
 * <h3>Options</h3>
 *
 * {@code user} and {@code password} (none: no authentication; the password is shown as {@code <provided>}),
 * {@code database} (default: the server's), {@code batchSize}, {@code flushInterval}, {@code shards},
 * {@code maxRetries}.
 *
 * <pre>{@code
 * GraphSink sink = GraphSinks.fromUri("neo4j://127.0.0.1:7687?user=neo4j&password=secret&batchSize=500");
 * graph.apply(WriteGraph.to(sink));
 * }</pre>
 */
public final class Neo4jGraphSink implements GraphSink {
  private static final long serialVersionUID = 1L;
  private static final Set<String> CONNECTION_OPTIONS = Set.of("user", "password", "database");

  private final SinkUri uri;

  private Neo4jGraphSink(SinkUri uri) {
    this.uri = uri;
    // Fails at once on a bad option, not on a worker.
    writeNodes();
  }

  /** The sink of a {@code neo4j://HOST:PORT?…} URI. */
  public static Neo4jGraphSink of(String uri) {
    Set<String> known = new HashSet<>(CONNECTION_OPTIONS);
    known.addAll(BatchedUpserts.OPTIONS);
    SinkUri parsed = SinkUri.parse(uri).checkOptions(known);
    if (!parsed.location().matches("(?i)(neo4j|bolt)(\\+s|\\+ssc)?://[^/?]+/?")) {
      throw new IllegalArgumentException(
          "sink URI '" + parsed.masked() + "' is not neo4j://HOST:PORT (options go after '?')");
    }
    return new Neo4jGraphSink(parsed);
  }

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    SinkUri at = uri;
    return BatchedUpserts.into(() -> Neo4jStore.connect(at).nodeWriter(), ElementKind.NODES, at.masked())
        .withOptions(at);
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    SinkUri at = uri;
    return BatchedUpserts.into(() -> Neo4jStore.connect(at).edgeWriter(), ElementKind.EDGES, at.masked())
        .withOptions(at);
  }

  /** A store for writing outside a pipeline (the benchmark, tests). */
  public Neo4jStore openStore() {
    return Neo4jStore.connect(uri);
  }

  @Override
  public GraphReader openReader() {
    return openStore();
  }

  @Override
  public String uri() {
    return uri.text();
  }

  @Override
  public String toString() {
    return uri.masked();
  }
}
