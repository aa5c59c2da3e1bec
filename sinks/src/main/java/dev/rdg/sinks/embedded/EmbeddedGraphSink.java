package dev.rdg.sinks.embedded;

import dev.rdg.mapping.Retention;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.sinks.GraphSink;
import dev.rdg.transforms.UpsertBatches;
import dev.rdg.transforms.UpsertWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The default sink, {@code embedded:PATH}: the graph in an {@link EmbeddedGraphStore} in the folder PATH
 * (relative to the working directory of the process that names it). It is for one machine: the runner's
 * workers must share that machine's disk, as the DirectRunner's and Flink's MiniCluster's do.
 *
 * <pre>{@code
 * GraphSink sink = EmbeddedGraphSink.at(Paths.get("./graph"));   // or GraphSinks.fromUri("embedded:./graph")
 * graph.apply(WriteGraph.to(sink));
 * }</pre>
 */
public final class EmbeddedGraphSink implements GraphSink {
  /** The URI scheme of this sink. */
  public static final String SCHEME = "embedded";

  private static final long serialVersionUID = 1L;
  private static final String RETENTION = "retention";

  /** Absolute, so workers whose working directory differs write to the same folder. */
  private final String folder;
  private final String uri;

  private EmbeddedGraphSink(String folder, String uri) {
    this.folder = folder;
    this.uri = uri;
  }

  /** The sink storing the graph in {@code folder}. */
  public static EmbeddedGraphSink at(Path folder) {
    return new EmbeddedGraphSink(folder.toAbsolutePath().normalize().toString(), SCHEME + ":" + folder);
  }

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    return new Upserts<>(new WriteFn<Node>(new StoreWriter(folder, false), UpsertBatches::add));
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    return new Upserts<>(new WriteFn<Edge>(new StoreWriter(folder, false), UpsertBatches::add));
  }

  /** The store's folder. */
  public Path folder() {
    return Paths.get(folder);
  }

  @Override
  public EmbeddedGraphStore openReader() {
    return EmbeddedGraphStore.open(Paths.get(folder));
  }

  /** The store takes an edge before its end nodes: it writes them as implied nodes ({@link EmbeddedGraphStore#upsertGraph}). */
  @Override
  public Optional<UpsertWriter> writerInStep() {
    return Optional.of(new StoreWriter(folder, true));
  }

  /**
   * The store's handle, which every writer in this JVM joins. Unheld, the database closes when the nodes
   * are written and opens again for the edges, replaying its log: a quarter of a second at 1M events.
   * Only for a job in this JVM: while held, another process (a Flink TaskManager) cannot open the folder.
   */
  @Override
  public Held holdOpen() {
    return openReader()::close;
  }

  /** Kept in the store's metadata, so a copy of the folder carries it. */
  @Override
  public boolean saveRetention(Retention retention) {
    try (EmbeddedGraphStore store = openReader()) {
      store.putMetadata(RETENTION, retention.toJson());
    }
    return true;
  }

  @Override
  public Optional<Retention> savedRetention() {
    try (EmbeddedGraphStore store = openReader()) {
      return store.metadata(RETENTION).map(Retention::fromJson);
    }
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String toString() {
    return uri;
  }

  /**
   * Upserts into the store, each session through its own lease. In the coalescing's step nodes and edges
   * come in any order, and the store keeps an edge's end nodes ({@link EmbeddedGraphStore#upsertGraph});
   * after {@code WriteGraph}'s wait for the nodes ({@link WriteFn}) the edges' end nodes are there already.
   */
  private static final class StoreWriter implements UpsertWriter {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final boolean implyEndNodes;

    StoreWriter(String folder, boolean implyEndNodes) {
      this.folder = folder;
      this.implyEndNodes = implyEndNodes;
    }

    @Override
    public Session open() {
      EmbeddedGraphStore store = EmbeddedGraphStore.open(Paths.get(folder));
      return new Session() {
        @Override
        public void write(List<Node> nodes, List<Edge> edges) {
          if (implyEndNodes) {
            store.upsertGraph(nodes, edges);
          } else {
            store.upsertNodes(nodes);
            store.upsertEdges(edges);
          }
        }

        @Override
        public void close() {
          store.close();
        }
      };
    }
  }

  /** Upserts a collection with a {@link WriteFn}. */
  private static final class Upserts<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
    private final DoFn<T, DeadLetter> writeFn;

    Upserts(DoFn<T, DeadLetter> writeFn) {
      this.writeFn = writeFn;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<T> upserts) {
      return upserts.apply("Upsert", ParDo.of(writeFn));
    }
  }
}
