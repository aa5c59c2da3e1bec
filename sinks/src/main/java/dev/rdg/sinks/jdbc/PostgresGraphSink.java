package dev.rdg.sinks.jdbc;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.sinks.BatchedUpserts;
import dev.rdg.sinks.ElementKind;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.SinkUri;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * The PostgreSQL sink, {@code jdbc:postgresql://HOST:PORT/DATABASE?user=…&password=…}: the graph in two
 * tables of the connection's current schema, created if missing.
 *
 * <h3>Tables</h3>
 *
 * <pre>
 *   rdg_nodes (type, id, properties jsonb, first_seen, last_seen, count, shares bytea)      key (type, id)
 *   rdg_edges (src_type, src_id, type, dst_type, dst_id, properties, first_seen, last_seen, count, shares)
 *             key (src_type, src_id, type, dst_type, dst_id), index (dst_type, dst_id)
 * </pre>
 *
 * Type names are values, never identifiers, so no name from the data reaches the SQL text. {@code shares}
 * holds each window's share ({@link dev.rdg.sinks.WindowShares}); the other columns are the merged record,
 * for SQL users.
 *
 * <h3>Writes</h3>
 *
 * Batches ({@code batchSize}, default 1000; {@code flushInterval}, default 1s; {@code shards}, default 16)
 * are one transaction each: the batch's rows are created if missing and locked in key order
 * ({@code SELECT … FOR UPDATE}), their shares replaced by the upserts' windows, and the merged rows
 * written with one {@code INSERT … ON CONFLICT DO UPDATE}. Deadlocks, serialization failures and lost
 * connections are retried with backoff, a lost connection on a new one; a record that still fails is
 * output as a dead letter alone, the rest of its batch written (see {@link BatchedUpserts}).
 *
 * <h3>Options</h3>
 *
 * Every option of the PostgreSQL JDBC driver ({@code user}, {@code password}, {@code currentSchema}, …)
 * plus {@code batchSize}, {@code flushInterval} ({@code 500ms}, {@code 2s}), {@code shards}, {@code
 * maxRetries}. The password is shown as {@code <provided>}.
 *
 * <pre>{@code
 * GraphSink sink = GraphSinks.fromUri("jdbc:postgresql://127.0.0.1:5432/graph?user=rdg&password=secret");
 * graph.apply(WriteGraph.to(sink));
 * }</pre>
 */
public final class PostgresGraphSink implements GraphSink {
  /** The scheme {@code GraphSinks} knows this sink by: the URI starts with {@code jdbc:postgresql:}. */
  public static final String SCHEME = "jdbc";

  static final String PREFIX = "jdbc:postgresql:";

  private static final long serialVersionUID = 1L;

  private final SinkUri uri;

  private PostgresGraphSink(SinkUri uri) {
    this.uri = uri;
    // Fails at once on a bad option, not on a worker.
    nodeUpserts();
  }

  /** The sink of a {@code jdbc:postgresql://…} URI. */
  public static PostgresGraphSink of(String uri) {
    if (!uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException(
          "sink URI '" + SinkUri.parse(uri).masked() + "': only PostgreSQL is supported by the jdbc "
              + "scheme; expected jdbc:postgresql://HOST:PORT/DATABASE");
    }
    return new PostgresGraphSink(SinkUri.parse(uri));
  }

  /** The JDBC URL the driver gets: the URI without rdg's own options. */
  String jdbcUrl() {
    return uri.locationWithOptionsExcept(BatchedUpserts.OPTIONS);
  }

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    return nodeUpserts();
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    String url = jdbcUrl();
    String name = uri.masked();
    return BatchedUpserts.into(() -> PostgresStore.connect(url, name).edgeWriter(), ElementKind.EDGES, name)
        .withOptions(uri);
  }

  private BatchedUpserts<Node> nodeUpserts() {
    String url = jdbcUrl();
    String name = uri.masked();
    return BatchedUpserts.into(() -> PostgresStore.connect(url, name).nodeWriter(), ElementKind.NODES, name)
        .withOptions(uri);
  }

  /** A store for writing outside a pipeline (the benchmark): nodes or edges, committed per batch. */
  public PostgresStore openStore() {
    return PostgresStore.connect(jdbcUrl(), uri.masked());
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
