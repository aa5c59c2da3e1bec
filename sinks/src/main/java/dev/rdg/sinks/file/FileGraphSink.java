package dev.rdg.sinks.file;

import dev.rdg.mapping.Retention;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;

/**
 * The file sink, {@code file:DIR}: the graph as files other tools open. When a (bounded) pipeline has
 * written everything, {@code DIR/graph.jsonl} holds the export ({@link dev.rdg.sinks.JsonlExport}) and
 * {@code DIR/graph.graphml} the same graph in GraphML, which Gephi, yEd and graph libraries read.
 *
 * <p>Workers append the upserts, each bundle to its own file under {@code DIR/shares/} named by time, and
 * never rewrite them; reading the folder replays those files in name order, each window share replacing
 * the one written before it, so replays and late panes count once, as in every sink. The graph is merged in
 * memory on read: this sink is for exchanging graphs that fit in memory, not for serving queries.
 *
 * <pre>{@code
 * graph.apply(WriteGraph.to(GraphSinks.fromUri("file:./out")));   // then open out/graph.graphml in Gephi
 * }</pre>
 */
public final class FileGraphSink implements GraphSink {
  /** The URI scheme of this sink. */
  public static final String SCHEME = "file";

  private static final long serialVersionUID = 1L;
  private static final String RETENTION_FILE = "retention.json";

  private final String folder;
  private final String uri;

  private FileGraphSink(String folder, String uri) {
    this.folder = folder;
    this.uri = uri;
  }

  /** The sink writing into {@code folder}. */
  public static FileGraphSink at(Path folder) {
    return new FileGraphSink(folder.toAbsolutePath().normalize().toString(), SCHEME + ":" + folder);
  }

  @Override
  public PTransform<PCollection<Node>, PCollection<DeadLetter>> writeNodes() {
    return new AppendShares<>(new AppendSharesFn<>(folder, ShareFiles.NODES), null);
  }

  @Override
  public PTransform<PCollection<Edge>, PCollection<DeadLetter>> writeEdges() {
    return new AppendShares<>(new AppendSharesFn<>(folder, ShareFiles.EDGES), folder);
  }

  /** Appends node upserts outside a pipeline, as one share file (the benchmark uses it). */
  public void appendNodes(List<Node> nodes) throws IOException {
    ShareFiles.append(Paths.get(folder), ShareFiles.NODES, nodes);
  }

  /** Appends edge upserts outside a pipeline, as one share file. */
  public void appendEdges(List<Edge> edges) throws IOException {
    ShareFiles.append(Paths.get(folder), ShareFiles.EDGES, edges);
  }

  @Override
  public GraphReader openReader() {
    return ShareFiles.read(Paths.get(folder));
  }

  /** Kept as {@code DIR/retention.json}. */
  @Override
  public boolean saveRetention(Retention retention) {
    try {
      Path file = Files.createDirectories(Paths.get(folder)).resolve(RETENTION_FILE);
      Files.writeString(file, retention.toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("file sink " + folder + ": cannot keep the retention policy: " + e, e);
    }
    return true;
  }

  @Override
  public Optional<Retention> savedRetention() {
    Path file = Paths.get(folder, RETENTION_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Retention.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("file sink " + folder + ": cannot read " + file + ": " + e, e);
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
   * Appends the upserts; for edges, the last writes, then rewrites {@code graph.jsonl} and {@code
   * graph.graphml} once every edge (and so, through {@code WriteGraph}, every node) is written. The output
   * is the appends' (empty) dead letters, in the upserts' windows.
   */
  private static final class AppendShares<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
    private final AppendSharesFn<T> appendFn;
    private final String materializeInto;

    AppendShares(AppendSharesFn<T> appendFn, String materializeInto) {
      this.appendFn = appendFn;
      this.materializeInto = materializeInto;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<T> upserts) {
      PCollection<DeadLetter> written = upserts.apply("Append", ParDo.of(appendFn));
      if (materializeInto != null) {
        // The signal is re-windowed so that the single global-window trigger waits for all of it.
        PCollection<DeadLetter> allWritten =
            written.apply("AllWindows", Window.into(new GlobalWindows()));
        upserts
            .getPipeline()
            .apply("Folder", Create.of(materializeInto).withCoder(StringUtf8Coder.of()))
            .apply("WaitForWrites", Wait.on(allWritten))
            .setCoder(StringUtf8Coder.of())
            .apply("WriteGraphFiles", ParDo.of(new MaterializeFn()));
      }
      return written;
    }
  }

  /** Writes {@code graph.jsonl} and {@code graph.graphml} from the share files of the folder. */
  private static final class MaterializeFn extends DoFn<String, Void> {
    @ProcessElement
    public void processElement(@Element String folder) {
      try {
        ShareFiles.materialize(Paths.get(folder));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
