package dev.rdg.cli;

import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.serve.QueryParams;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.query.EdgeFilter;
import dev.rdg.sinks.query.GraphQuery;
import dev.rdg.sinks.query.QueryJson;
import dev.rdg.sinks.query.Subgraph;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rdg query node|neighbors|khop|path|entity --sink=URI …}: asks a graph a question with
 * {@link GraphQuery} and prints the answer as a table, or with {@code --format=json} as the export's JSON.
 * A bad query (unknown node, bad type name, negative limit) exits 2; a path that does not exist exits 1.
 */
@Command(
    name = "query",
    description = "Asks the graph: a node, its neighbours, a k-hop traversal, a path, the entity around a node.",
    subcommands = {
      QueryCommand.NodeQuery.class,
      QueryCommand.NeighborsQuery.class,
      QueryCommand.KhopQuery.class,
      QueryCommand.PathQuery.class,
      QueryCommand.EntityQuery.class
    })
final class QueryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new IllegalArgumentException(
        "rdg query needs a question: node, neighbors, khop, path or entity (rdg query --help)");
  }

  /** The options of every query: where the graph is and how to print the answer. */
  static final class Common {
    @Option(names = "--sink", required = true, description = "The graph to ask, e.g. embedded:./rdg-data")
    String sink;

    @Option(names = "--format", defaultValue = "table", description = "table (default) or json")
    String format;

    @Mixin RetentionOption retention;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Opens the graph under its retention as of {@code asOf} (null: its newest time), answers, prints; the
     * answer is computed before anything is printed.
     */
    int run(@Nullable Instant asOf, Answer answer) {
      if (!format.equals("table") && !format.equals("json")) {
        throw new IllegalArgumentException("unsupported --format=" + format + " (supported: table, json)");
      }
      try (GraphReader graph = retention.open(sink, asOf)) {
        return answer.print(new GraphQuery(graph), format.equals("json"), spec.commandLine().getOut());
      }
    }
  }

  interface Answer {
    int print(GraphQuery query, boolean json, PrintWriter out);
  }

  /** The traversal filter's options. */
  static final class Filter {
    @Option(names = "--direction", description = "out, in or both (default)")
    String direction;

    @Option(names = "--edgeTypes", description = "Comma-separated edge types to follow (default: all)")
    String edgeTypes;

    @Option(names = "--lookback", description = "Only edges last seen within this duration (default 100d; none: all)")
    String lookback;

    @Option(names = "--asOf", description = "Reference time of the lookback, ISO-8601 (default: newest in graph)")
    String asOf;

    EdgeFilter filter() {
      return QueryParams.filter(direction, edgeTypes, lookback, asOf);
    }
  }

  static int printSubgraph(Subgraph subgraph, boolean json, PrintWriter out) {
    out.print(json ? QueryJson.subgraph(subgraph) + "\n" : QueryTable.subgraph(subgraph));
    out.flush();
    return 0;
  }

  @Command(name = "node", description = "One node by key, with its properties.")
  static final class NodeQuery implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--node", required = true, description = "TYPE:ID, e.g. account:a1")
    String node;

    @Override
    public Integer call() {
      NodeRef ref = QueryParams.node("--node", node);
      return common.run(
          null,
          (query, json, out) -> {
            Node found = query.node(ref);
            out.print(json ? QueryJson.node(found) + "\n" : QueryTable.node(found));
            out.flush();
            return 0;
          });
    }
  }

  /** What a traversal starts from and how much of each hop it keeps. */
  static final class Hops {
    @Option(names = "--node", required = true, description = "TYPE:ID to start from, e.g. account:a1")
    String node;

    @Option(names = "--limit", description = "At most this many edges per hop (default 300)")
    String limit;

    @Option(names = "--selection", description = "latest (default) or any: which edges a hop keeps")
    String selection;

    int traverse(Common common, Filter filter, int hops) {
      NodeRef ref = QueryParams.node("--node", node);
      int max = QueryParams.count("--limit", limit, GraphQuery.DEFAULT_EDGES_PER_HOP);
      return common.run(
          filter.filter().asOf(),
          (query, json, out) ->
              printSubgraph(
                  query.traverse(ref, filter.filter(), hops, max, QueryParams.selection(selection)), json, out));
    }
  }

  @Command(name = "neighbors", description = "The edges of a node and the nodes they reach (one hop).")
  static final class NeighborsQuery implements Callable<Integer> {
    @Mixin Common common;
    @Mixin Filter filter;
    @Mixin Hops hops;

    @Override
    public Integer call() {
      return hops.traverse(common, filter, 1);
    }
  }

  @Command(name = "khop", description = "Breadth-first traversal, hop by hop, with a limit of edges per hop.")
  static final class KhopQuery implements Callable<Integer> {
    @Mixin Common common;
    @Mixin Filter filter;
    @Mixin Hops start;

    @Option(names = "--hops", description = "Number of hops (default 2)")
    String hops;

    @Override
    public Integer call() {
      return start.traverse(common, filter, QueryParams.count("--hops", hops, 2));
    }
  }

  @Command(name = "path", description = "A shortest path between two nodes (exit code 1 when there is none).")
  static final class PathQuery implements Callable<Integer> {
    @Mixin Common common;
    @Mixin Filter filter;

    @Option(names = "--from", required = true, description = "TYPE:ID")
    String from;

    @Option(names = "--to", required = true, description = "TYPE:ID")
    String to;

    @Option(names = "--maxHops", description = "Longest path searched (default 6)")
    String maxHops;

    @Override
    public Integer call() {
      NodeRef start = QueryParams.node("--from", from);
      NodeRef end = QueryParams.node("--to", to);
      int max = QueryParams.count("--maxHops", maxHops, GraphQuery.DEFAULT_MAX_PATH_HOPS);
      return common.run(
          filter.filter().asOf(),
          (query, json, out) -> {
            Optional<Subgraph> path = query.path(start, end, filter.filter(), max);
            if (path.isEmpty()) {
              common.spec.commandLine().getErr().println(
                  "rdg: no path from " + start + " to " + end + " within " + max + " hops");
              return Rdg.FAILED;
            }
            return printSubgraph(path.get(), json, out);
          });
    }
  }

  @Command(
      name = "entity",
      description = "The connected entity around a node over some edge types, e.g. the account, profiles and "
          + "devices behind a device: --edgeTypes=has_profile,streamed_from,logged_in_from")
  static final class EntityQuery implements Callable<Integer> {
    @Mixin Common common;
    @Mixin Filter filter;

    @Option(names = "--node", required = true, description = "TYPE:ID")
    String node;

    @Option(names = "--maxNodes", description = "Stop after this many nodes (default 10000)")
    String maxNodes;

    @Override
    public Integer call() {
      NodeRef ref = QueryParams.node("--node", node);
      int max = QueryParams.count("--maxNodes", maxNodes, GraphQuery.DEFAULT_MAX_NODES);
      return common.run(
          filter.filter().asOf(), (query, json, out) -> printSubgraph(query.entity(ref, filter.filter(), max), json, out));
    }
  }
}
