package dev.rdg.cli;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.pipelines.UsageException;
import dev.rdg.serve.QueryParams;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.JsonlExport;
import dev.rdg.sinks.export.Dot;
import dev.rdg.sinks.export.GraphMl;
import dev.rdg.sinks.query.GraphQuery;
import dev.rdg.sinks.query.Subgraph;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rdg export --sink=URI --format=jsonl|graphml|dot [--output=FILE] [--around=TYPE:ID --hops=2]}: the
 * whole graph in the export format (JSON Lines, sorted), or as GraphML or DOT for other tools, whole or the
 * k-hop subgraph around one node; without the elements the graph's retention expired as of {@code --asOf}
 * (default: its newest time).
 */
@Command(name = "export", description = "Writes the graph of a sink in a standard format.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--sink", required = true, description = "The sink to read, e.g. embedded:./rdg-data")
  private String sink;

  @Option(names = "--format", defaultValue = "jsonl", description = "Output format: jsonl, graphml or dot")
  private String format;

  @Option(names = "--output", description = "Output file (default: standard output)")
  private Path output;

  @Option(names = "--around", description = "Only the k-hop subgraph around this TYPE:ID (graphml, dot)")
  private String around;

  @Option(names = "--hops", description = "Hops around --around (default 2)")
  private String hops;

  @Option(names = "--limit", description = "Edges per hop around --around (default 300)")
  private String limit;

  @Mixin private QueryCommand.Filter filter;

  @Mixin private RetentionOption retention;

  @Override
  public Integer call() throws Exception {
    if (!List.of("jsonl", "graphml", "dot").contains(format)) {
      throw new UsageException("unsupported --format=" + format + " (supported: jsonl, graphml, dot)");
    }
    if (around != null && format.equals("jsonl")) {
      throw new UsageException("--around needs --format=graphml or --format=dot");
    }
    NodeRef center = around == null ? null : QueryParams.node("--around", around);
    int k = QueryParams.count("--hops", hops, 2);
    int max = QueryParams.count("--limit", limit, GraphQuery.DEFAULT_EDGES_PER_HOP);
    try (GraphReader reader = retention.open(sink, filter.filter().asOf())) {
      if (format.equals("jsonl")) {
        try (Writer out = open()) {
          JsonlExport.write(reader, out);
        }
        return 0;
      }
      List<Node> nodes = new ArrayList<>();
      List<Edge> edges = new ArrayList<>();
      if (center == null) {
        reader.nodes().forEachRemaining(nodes::add);
        reader.edges().forEachRemaining(edges::add);
      } else {
        Subgraph subgraph =
            new GraphQuery(reader).traverse(center, filter.filter(), k, max, QueryParams.selection(null));
        nodes.addAll(subgraph.nodes());
        edges.addAll(subgraph.edges());
      }
      try (Writer out = open()) {
        if (format.equals("graphml")) {
          GraphMl.write(nodes, edges, out);
        } else {
          Dot.write(nodes, edges, out);
        }
      }
    }
    return 0;
  }

  private Writer open() throws IOException {
    return output == null
        ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
        : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
  }
}
