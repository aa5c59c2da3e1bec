package dev.rdg.cli;

import dev.rdg.mapping.Retention;
import dev.rdg.pipelines.UsageException;
import dev.rdg.serve.QueryParams;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.RetainedGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import dev.rdg.sinks.embedded.ExpirySweep;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.joda.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rdg compact --sink=embedded:DIR [--asOf=TIME] [--mapping=FILE]}: deletes from the embedded store
 * the elements its retention policy expired ({@link ExpirySweep}) and frees their disk space; prints what
 * it deleted, how fast, and the folder's size before and after. Export and queries already hide expired
 * elements; compacting changes what the store holds, not what it shows.
 */
@Command(name = "compact", description = "Deletes expired elements from an embedded store and frees their space.")
final class CompactCommand implements Callable<Integer> {
  @Option(names = "--sink", required = true, description = "The embedded store, e.g. embedded:./rdg-data")
  private String sink;

  @Option(names = "--asOf", description = "Expire relative to this ISO-8601 time (default: newest in graph)")
  private String asOf;

  @Mixin private RetentionOption retention;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    GraphSink graph = RetentionOption.existing(sink);
    if (!(graph instanceof EmbeddedGraphSink)) {
      throw new UsageException(
          "rdg compact works on embedded stores; " + graph + " hides expired elements on read only");
    }
    Instant reference = asOf == null ? null : QueryParams.filter(null, null, null, asOf).asOf();
    Retention policy = RetainedGraph.policy(graph, retention.given());
    if (policy.isEmpty()) {
      spec.commandLine().getOut().println(
          "rdg: " + sink + " has no retention policy, nothing expires (give the mapping a retention: block)");
      return 0;
    }
    try (EmbeddedGraphStore store = ((EmbeddedGraphSink) graph).openReader()) {
      long before = ExpirySweep.diskSize(store.folder());
      long started = System.nanoTime();
      ExpirySweep.Result result = ExpirySweep.run(store, policy, reference);
      double seconds = (System.nanoTime() - started) / 1e9;
      long after = ExpirySweep.diskSize(store.folder());
      long scanned = result.nodesScanned + result.edgesScanned;
      spec.commandLine().getOut().printf(
          Locale.ROOT,
          "rdg: %s: %s%nrdg: swept %d elements in %.2f s (%.0f elements/s); on disk %.1f MB -> %.1f MB%n",
          sink, result, scanned, seconds, scanned / Math.max(seconds, 1e-9), before / 1e6, after / 1e6);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
