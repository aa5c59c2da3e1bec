package dev.rdg.cli;

import dev.rdg.pipelines.FlinkMasters;
import dev.rdg.pipelines.IngestConfig;
import dev.rdg.pipelines.IngestOptions;
import dev.rdg.pipelines.IngestPipeline;
import dev.rdg.pipelines.IngestSummary;
import dev.rdg.pipelines.UsageException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
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

  /**
   * rdg's elements are immutable, so Flink need not copy each one between chained operators (it does by
   * default, by encoding and decoding it); {@code --fasterCopy=false} restores the copies.
   */
  static final String NO_COPIES_BETWEEN_OPERATORS = "--fasterCopy=true";

  @Unmatched private List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (args.contains("--help") || args.contains("-h")) {
      PipelineOptionsFactory.printHelp(System.out, Help.class);
      return 0;
    }
    List<String> beamArgs = new ArrayList<>();
    if (args.stream().noneMatch(a -> a.startsWith("--runner"))) {
      beamArgs.add(DEFAULT_RUNNER);
    }
    if (args.stream().noneMatch(a -> a.startsWith("--fasterCopy"))) {
      beamArgs.add(NO_COPIES_BETWEEN_OPERATORS);
    }
    beamArgs.addAll(args);
    stageOwnJarForRemoteFlink(beamArgs);
    IngestOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(beamArgs.toArray(new String[0]))
              .withValidation()
              .as(IngestOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().split("\n", 2)[0]);
    }
    IngestConfig config = IngestConfig.from(options);
    if (args.stream().noneMatch(a -> a.startsWith("--jobName"))) {
      options.setJobName(jobName(config));
    }
    IngestSummary summary = IngestPipeline.run(options, config);
    System.out.print(summary.toTable());
    if (config.summary() != null) {
      Files.writeString(Path.of(config.summary()), summary.toJson() + "\n", StandardCharsets.UTF_8);
    }
    return 0;
  }

  /** What {@code rdg ingest --help} lists: rdg's options and those of both runners, each group once. */
  public interface Help extends IngestOptions, FlinkPipelineOptions, DirectOptions {}

  /** {@code rdg-ingest-playback-sessions-games}: the job's name says which sources it reads. */
  private static String jobName(IngestConfig config) {
    StringBuilder name = new StringBuilder("rdg-ingest");
    config.mapping().sources().forEach(source -> name.append('-').append(source.name()));
    return name.toString();
  }

  /**
   * A remote Flink cluster needs the job's classes: when {@code --flinkMaster} names one and no
   * {@code --filesToStage} is given, stage the jar rdg runs from, so users pass nothing else.
   */
  private static void stageOwnJarForRemoteFlink(List<String> beamArgs) {
    boolean remote =
        beamArgs.stream()
            .filter(a -> a.startsWith("--flinkMaster="))
            .anyMatch(a -> FlinkMasters.isElsewhere(a.substring("--flinkMaster=".length())));
    if (!remote || beamArgs.stream().anyMatch(a -> a.startsWith("--filesToStage"))) {
      return;
    }
    Path ownJar;
    try {
      ownJar = Path.of(IngestCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      throw new UsageException("cannot find rdg's own jar to stage: pass --filesToStage=rdg.jar");
    }
    if (!ownJar.toString().endsWith(".jar")) {
      throw new UsageException(
          "rdg is not running from its jar (" + ownJar + "): pass --filesToStage=pipelines/target/rdg.jar");
    }
    beamArgs.add("--filesToStage=" + ownJar);
  }
}
