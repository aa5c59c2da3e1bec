package dev.rdg.sinks;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import dev.rdg.sinks.file.FileGraphSink;
import dev.rdg.sinks.jdbc.PostgresGraphSink;
import dev.rdg.sinks.jdbc.PostgresStore;
import dev.rdg.sinks.jdbc.TestPostgres;
import dev.rdg.sinks.neo4j.Neo4jGraphSink;
import dev.rdg.sinks.neo4j.Neo4jStore;
import dev.rdg.sinks.neo4j.TestNeo4j;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Writes the same upserts into every sink (embedded, file, PostgreSQL, Neo4j; the servers are started
 * in-process like in the tests) and prints upserts/s per sink, and a digest of each sink's export to show
 * they hold the same graph.
 *
 * <p>Upserts: half nodes, half edges, over {@code upserts / 16} accounts and as many titles, each element in
 * 4 one-minute windows, written in batches of 1,000 by 2 writers, each writer owning half of the groups
 * (as {@link BatchedUpserts} shards them), nodes before edges.
 *
 * <pre>{@code
 * scripts/bench-sinks.sh 100000              # every sink
 * scripts/bench-sinks.sh 100000 neo4j,file   # some of them
 * }</pre>
 */
public final class SinkBenchmark {
  /** Upserts per transaction: {@code -Dbatch=N}, default 1,000 as in {@link BatchedUpserts}. */
  private static final int BATCH = Integer.getInteger("batch", 1000);
  private static final int WRITERS = 2;
  private static final String[] SINKS = {"embedded", "file", "postgresql", "neo4j"};
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private SinkBenchmark() {}

  /** The writes of one sink: nodes or edges, one batch at a time. */
  private interface BatchWriter<T> {
    void write(List<T> batch) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int upserts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Set<String> only = args.length > 1 ? Set.of(args[1].split(",")) : Set.of(SINKS);
    Path work = Files.createTempDirectory("rdg-bench");
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    generate(upserts, nodes, edges);
    System.out.printf("upserts: %,d (%,d node, %,d edge), batch %d, %d writers%n",
        nodes.size() + edges.size(), nodes.size(), edges.size(), BATCH, WRITERS);

    if (only.contains("embedded")) {
      EmbeddedGraphSink embedded = EmbeddedGraphSink.at(work.resolve("embedded"));
      try (EmbeddedGraphStore store = EmbeddedGraphStore.open(work.resolve("embedded"))) {
        run("embedded", nodes, edges, store::upsertNodes, store::upsertEdges, embedded);
      }
    }
    if (only.contains("file")) {
      FileGraphSink file = FileGraphSink.at(work.resolve("files"));
      run("file", nodes, edges, file::appendNodes, file::appendEdges, file);
    }
    if (only.contains("postgresql")) {
      postgres(nodes, edges);
    }
    if (only.contains("neo4j")) {
      Neo4jGraphSink neo4j = (Neo4jGraphSink) GraphSinks.fromUri(TestNeo4j.emptyUri(""));
      try (Neo4jStore store = neo4j.openStore()) {
        UpsertStore<Node> nodeWriter = store.nodeWriter();
        UpsertStore<Edge> edgeWriter = store.edgeWriter();
        run("neo4j", nodes, edges, batch -> retried(nodeWriter, batch), batch -> retried(edgeWriter, batch),
            neo4j);
      }
    }
    System.exit(0);
  }

  private static void postgres(List<Node> nodes, List<Edge> edges) throws Exception {
    PostgresGraphSink postgres = (PostgresGraphSink) GraphSinks.fromUri(TestPostgres.freshUri(""));
    // A JDBC connection serves one thread: one store per writer.
    List<PostgresStore> connections = new ArrayList<>();
    ThreadLocal<PostgresStore> perWriter =
        ThreadLocal.withInitial(() -> {
          PostgresStore store = postgres.openStore();
          synchronized (connections) {
            connections.add(store);
          }
          return store;
        });
    run("postgresql", nodes, edges, batch -> retried(perWriter.get().nodeWriter(), batch),
        batch -> retried(perWriter.get().edgeWriter(), batch), postgres);
    connections.forEach(PostgresStore::close);
  }

  /** Transient failures (deadlocks, serialization failures) retried by the current sink's writers. */
  private static final AtomicInteger RETRIES = new AtomicInteger();

  /** Writes like the pipeline does: transient failures retried and counted; no record may fail. */
  private static <T> void retried(UpsertStore<T> store, List<T> batch) throws InterruptedException {
    UpsertStore<T> counting =
        new UpsertStore<T>() {
          @Override
          public void upsert(List<T> upserts) throws Exception {
            store.upsert(upserts);
          }

          @Override
          public boolean isTransient(Exception e) {
            boolean retry = store.isTransient(e);
            if (retry) {
              RETRIES.incrementAndGet();
            }
            return retry;
          }

          @Override
          public void close() {}
        };
    List<T> failed = BatchedUpserts.write(counting, batch, 5, (record, e) -> {});
    if (!failed.isEmpty()) {
      throw new IllegalStateException(failed.size() + " upserts failed");
    }
  }

  private static void generate(int upserts, List<Node> nodes, List<Edge> edges) {
    int elements = Math.max(1, upserts / 16);
    for (int window = 0; window < 4; window++) {
      IntervalWindow w = new IntervalWindow(T0.plus(Duration.standardMinutes(window)), Duration.standardMinutes(1));
      for (int i = 0; i < elements; i++) {
        Instant at = w.start().plus(Duration.standardSeconds(i % 60));
        NodeRef account = NodeRef.of("account", "a" + i);
        nodes.add(Node.of(account, seen(at, "plan", i % 3 == 0 ? "premium" : "basic"), w));
        NodeRef title = NodeRef.of("title", "t" + i);
        nodes.add(Node.of(title, seen(at, "rank", (long) i), w));
        edges.add(Edge.of(EdgeRef.of("watched", account, NodeRef.of("title", "t" + (i * 7 % elements))),
            seen(at, "positionSec", (long) (window * 60)), w));
        edges.add(Edge.of(EdgeRef.of("follows", account, NodeRef.of("account", "a" + ((i + 1) % elements))),
            seen(at, "weight", 0.5 * window), w));
      }
    }
  }

  private static Observations seen(Instant at, String name, Object value) {
    return Observations.of(Properties.of(Map.of(name, value), at), at, at.plus(Duration.millis(500)), 2);
  }

  private static void run(
      String name, List<Node> nodes, List<Edge> edges, BatchWriter<Node> nodeWriter,
      BatchWriter<Edge> edgeWriter, GraphSink sink) throws Exception {
    RETRIES.set(0);
    long start = System.nanoTime();
    write(nodes, ElementKind.NODES, nodeWriter);
    double nodeSeconds = (System.nanoTime() - start) / 1e9;
    write(edges, ElementKind.EDGES, edgeWriter);
    double seconds = (System.nanoTime() - start) / 1e9;
    String digest;
    int lines;
    try (GraphReader graph = sink.openReader()) {
      List<String> export = JsonlExport.lines(graph);
      lines = export.size();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      export.forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
    int total = nodes.size() + edges.size();
    System.out.printf(
        "%-11s %8.1f s %,10.0f upserts/s   (nodes %.1f s, edges %.1f s)   export: %,d lines, sha256 %s"
            + "   retried: %d%n",
        name, seconds, total / seconds, nodeSeconds, seconds - nodeSeconds, lines, digest, RETRIES.get());
  }

  /** Splits the upserts between the writers by group, like the pipeline's shards, and writes in batches. */
  private static <T> void write(List<T> upserts, ElementKind<T> kind, BatchWriter<T> writer) throws Exception {
    List<List<T>> perWriter = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      perWriter.add(new ArrayList<>());
    }
    for (T upsert : upserts) {
      perWriter.get(Math.floorMod(kind.groupKey(upsert).hashCode(), WRITERS)).add(upsert);
    }
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> done = new ArrayList<>();
    for (List<T> mine : perWriter) {
      done.add(pool.submit(() -> {
        for (int from = 0; from < mine.size(); from += BATCH) {
          writer.write(mine.subList(from, Math.min(mine.size(), from + BATCH)));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }
}
