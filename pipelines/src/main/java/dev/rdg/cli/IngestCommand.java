package dev.rdg.cli;

import dev.rdg.pipelines.IngestConfig;
import dev.rdg.pipelines.IngestOptions;
import dev.rdg.pipelines.IngestPipeline;
import dev.rdg.pipelines.IngestSummary;
import dev.rdg.pipelines.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code rdg ingest --mapping=FILE --input=GLOB[,GLOB…] [--sink=URI] [--runner=…] [Beam options…]}: the
 * options are Beam pipeline options ({@link IngestOptions}), so every runner option passes through.
 */
@Command(
    name = "ingest",
    description = "Reads events, maps them to nodes and edges, and writes the graph to a sink.",
    footer = {"", "Options: rdg ingest --help lists them all (Beam and runner options pass through)."})
final class IngestCommand implements Callable<Integer> {
  /** Flink is the default for real work: it ran rdg several times faster than the DirectRunner (see BENCHMARKS.md). */
  static final String DEFAULT_RUNNER = "--runner=FlinkRunner";

  @Unmatched private List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (args.contains("--help") || args.contains("-h")) {
      PipelineOptionsFactory.printHelp(System.out, IngestOptions.class);
      return 0;
    }
    List<String> beamArgs = new ArrayList<>();
    if (args.stream().noneMatch(a -> a.startsWith("--runner"))) {
      beamArgs.add(DEFAULT_RUNNER);
    }
    beamArgs.addAll(args);
    IngestOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(beamArgs.toArray(new String[0]))
              .withValidation()
              .as(IngestOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().split("\n", 2)[0]);
    }
    options.setJobName("rdg-ingest");
    IngestSummary summary = IngestPipeline.run(options, IngestConfig.from(options));
    System.out.print(summary.toTable());
    if (options.getSummary() != null) {
      Files.writeString(Path.of(options.getSummary()), summary.toJson() + "\n", StandardCharsets.UTF_8);
    }
    return 0;
  }
}
