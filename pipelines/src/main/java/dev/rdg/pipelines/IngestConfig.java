package dev.rdg.pipelines;

import com.google.auto.value.AutoValue;
import dev.rdg.mapping.Mapping;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * What {@code rdg ingest} was asked to do, validated before any pipeline is built: the mapping parsed,
 * every input pattern matching at least one file, the sink URI known, the durations positive. Each
 * problem is a {@link UsageException} with one line saying what to fix.
 */
@AutoValue
public abstract class IngestConfig {
  public abstract Mapping mapping();

  public abstract List<String> inputs();

  public abstract GraphSink sink();

  public abstract Duration window();

  public abstract Duration allowedLateness();

  public abstract Duration dedupHorizon();

  /** Processing-time delay of early panes, or null for none. */
  public abstract @Nullable Duration earlyFiring();

  public abstract String deadLetter();

  public abstract @Nullable String summary();

  /** Validates the options into a config. */
  public static IngestConfig from(IngestOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    Mapping mapping;
    try {
      mapping = Mapping.load(Path.of(options.getMapping()));
    } catch (Mapping.MappingException e) {
      throw new UsageException(e.getMessage());
    }
    List<String> inputs =
        Arrays.stream(options.getInput().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toList());
    if (inputs.isEmpty()) {
      throw new UsageException("--input names no files");
    }
    inputs.forEach(IngestConfig::checkMatches);
    GraphSink sink;
    try {
      sink = GraphSinks.fromUri(options.getSink());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration window = positive("window", options.getWindow());
    Duration horizon = positive("dedupHorizon", options.getDedupHorizon());
    Duration lateness = Durations.parse("allowedLateness", options.getAllowedLateness());
    Duration earlyFiring =
        options.getEarlyFiring() == null ? null : positive("earlyFiring", options.getEarlyFiring());
    if (options.getDeadLetter() == null || options.getDeadLetter().isBlank()) {
      throw new UsageException("--deadLetter needs a file name");
    }
    return of(
        mapping,
        inputs,
        sink,
        window,
        lateness,
        horizon,
        earlyFiring,
        Path.of(options.getDeadLetter()).toAbsolutePath().toString(),
        options.getSummary());
  }

  /** A config as is, for entry points that bring their own source (tests with {@code TestStream}). */
  public static IngestConfig of(
      Mapping mapping,
      List<String> inputs,
      GraphSink sink,
      Duration window,
      Duration allowedLateness,
      Duration dedupHorizon,
      @Nullable Duration earlyFiring,
      String deadLetter,
      @Nullable String summary) {
    return new AutoValue_IngestConfig(
        mapping, inputs, sink, window, allowedLateness, dedupHorizon, earlyFiring, deadLetter, summary);
  }

  private static Duration positive(String option, String text) {
    Duration duration = Durations.parse(option, text);
    if (!duration.isLongerThan(Duration.ZERO)) {
      throw new UsageException("--" + option + " must be longer than 0, but was " + text);
    }
    return duration;
  }

  private static void checkMatches(String pattern) {
    MatchResult match;
    try {
      match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("cannot read input '" + pattern + "': " + e.getMessage());
    }
    try {
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new UsageException("no input file matches '" + pattern + "'");
      }
      for (MatchResult.Metadata file : match.metadata()) {
        Path path = Path.of(file.resourceId().toString());
        if (path.isAbsolute() && !path.toFile().canRead()) {
          throw new UsageException("input file " + path + " is not readable");
        }
      }
    } catch (IOException e) {
      throw new UsageException("cannot read input '" + pattern + "': " + e.getMessage());
    }
  }
}
