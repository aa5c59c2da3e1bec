package dev.rdg.cli;

import dev.rdg.mapping.Retention;
import dev.rdg.pipelines.IngestConfig;
import dev.rdg.pipelines.UsageException;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.RetainedGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import picocli.CommandLine.Option;

/**
 * How export, query and serve open a graph: under the retention policy kept with it at ingest, or under the
 * {@code --mapping} given (for sinks that keep none: Neo4j, PostgreSQL, Kafka), so expired elements never
 * show ({@link RetainedGraph}).
 */
final class RetentionOption {
  @Option(
      names = "--mapping",
      description = "Apply this mapping's retention (default: the one kept with the graph at ingest, if any)")
  Path mapping;

  /** Opens the sink's graph under its retention, expiring relative to {@code asOf} (null: newest time). */
  GraphReader open(String sink, @Nullable Instant asOf) {
    return RetainedGraph.open(existing(sink), given(), asOf);
  }

  /**
   * The sink {@code uri} names, refused if it is an embedded store that does not exist: opening one
   * creates it, so a mistyped folder would answer as an empty graph and leave a new store behind.
   */
  static GraphSink existing(String uri) {
    GraphSink sink = GraphSinks.fromUri(uri);
    if (sink instanceof EmbeddedGraphSink && !Files.isDirectory(((EmbeddedGraphSink) sink).folder())) {
      throw new UsageException("no graph at " + uri + ": the folder does not exist (ingest into it first)");
    }
    return sink;
  }

  /** The policy to read {@code sink} under: {@code --mapping}'s, else the one it kept, else none. */
  Retention policy(GraphSink sink) {
    return RetainedGraph.policy(sink, given());
  }

  /** The policy of {@code --mapping}, or null when it is not given. */
  @Nullable Retention given() {
    return mapping == null ? null : IngestConfig.loadMapping(mapping).retention();
  }
}
