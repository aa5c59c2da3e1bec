package dev.rdg.pipelines;

import com.google.auto.value.AutoValue;
import dev.rdg.kafka.KafkaSource;
import dev.rdg.mapping.Mapping;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The input file patterns; empty when the events come from Kafka. */
  public abstract List<String> inputs();

  /** The Kafka topics to read, or null when the events come from files. */
  public abstract @Nullable KafkaSource kafka();

  public abstract GraphSink sink();

  public abstract Duration window();

  public abstract Duration allowedLateness();

  /** Processing-time delay of early panes, or null for none. */
  public abstract @Nullable Duration earlyFiring();

  public abstract String deadLetter();

  public abstract @Nullable String summary();

  /** The mapping file, or a {@link UsageException} of its problems, each its own "rdg: error:" line as rdg validate prints them. */
  public static Mapping loadMapping(Path file) {
    try {
      return Mapping.load(file);
    } catch (Mapping.MappingException e) {
      throw new UsageException(String.join("\nrdg: error: ", e.problems()));
    }
  }

  /** Validates the options into a config. */
  public static IngestConfig from(IngestOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    Mapping mapping = loadMapping(Path.of(options.getMapping()));
    KafkaSource kafka = null;
    List<String> inputs = List.of();
    if (options.getTopics() != null || options.getKafkaBootstrap() != null) {
      if (options.getInput() != null) {
        throw new UsageException("give either --input or --kafkaBootstrap and --topics, not both");
      }
      kafka = kafkaSource(options, mapping);
    } else {
      if (options.getInput() == null) {
        throw new UsageException("missing --input=GLOB (or --kafkaBootstrap=HOST:PORT --topics=T)");
      }
      inputs = commaSeparated(options.getInput());
      if (inputs.isEmpty()) {
        throw new UsageException("--input names no files");
      }
      inputs.forEach(IngestConfig::checkMatches);
    }
    GraphSink sink;
    try {
      sink = GraphSinks.fromUri(options.getSink());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration window = positive("window", options.getWindow());
    Duration lateness = Durations.parse("allowedLateness", options.getAllowedLateness());
    if (lateness.isShorterThan(Duration.ZERO)) {
      throw new UsageException(
          "--allowedLateness must be 0 or longer, but was " + options.getAllowedLateness());
    }
    Duration earlyFiring =
        options.getEarlyFiring() == null ? null : positive("earlyFiring", options.getEarlyFiring());
    if (options.getDeadLetter() == null || options.getDeadLetter().isBlank()) {
      throw new UsageException("--deadLetter needs a file name");
    }
    return of(
        mapping,
        inputs,
        kafka,
        sink,
        window,
        lateness,
        earlyFiring,
        Path.of(options.getDeadLetter()).toAbsolutePath().toString(),
        summaryFile(options.getSummary()));
  }

  /** Checked before the job runs: a summary that cannot be written would fail only after all the work. */
  private static @Nullable String summaryFile(@Nullable String summary) {
    if (summary == null) {
      return null;
    }
    Path folder = Path.of(summary).toAbsolutePath().getParent();
    if (summary.isBlank() || folder == null || !Files.isDirectory(folder)) {
      throw new UsageException("--summary=" + summary + ": no folder to write it in");
    }
    return summary;
  }

  private static KafkaSource kafkaSource(IngestOptions options, Mapping mapping) {
    if (options.getKafkaBootstrap() == null || options.getTopics() == null) {
      throw new UsageException("reading Kafka needs both --kafkaBootstrap=HOST:PORT and --topics=T[,T…]");
    }
    Map<String, String> topicSources = new LinkedHashMap<>();
    for (String topic : commaSeparated(options.getTopics())) {
      int colon = topic.indexOf(':');
      String name = colon < 0 ? topic : topic.substring(0, colon);
      String source = colon < 0 ? topic : topic.substring(colon + 1);
      if (mapping.source(source).isEmpty()) {
        throw new UsageException(
            "topic '" + name + "' is read as source '" + source + "', which is not in the mapping (sources: "
                + mapping.sourceNames() + "); name the source with --topics=" + name + ":SOURCE");
      }
      topicSources.put(name, source);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (options.getKafkaProperty() != null) {
      for (String property : options.getKafkaProperty()) {
        int eq = property.indexOf('=');
        if (eq <= 0) {
          // The value may be a secret: do not echo it.
          throw new UsageException("--kafkaProperty needs NAME=VALUE, but one has no name or no '='");
        }
        properties.put(property.substring(0, eq).trim(), property.substring(eq + 1));
      }
    }
    try {
      return KafkaSource.builder()
          .setBootstrapServers(options.getKafkaBootstrap())
          .setTopicSources(topicSources)
          .setGroupId(options.getKafkaGroup())
          .setStartFrom(options.getStartFrom())
          .setClientProperties(properties)
          .setMaxRecords(options.getMaxRecords())
          .setStopAtEnd(options.getStopAtEnd())
          .setMaxReadTime(
              options.getMaxReadTime() == null ? null : positive("maxReadTime", options.getMaxReadTime()))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static List<String> commaSeparated(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }

  /** A config as is, for entry points that bring their own source (tests with {@code TestStream}). */
  public static IngestConfig of(
      Mapping mapping,
      List<String> inputs,
      @Nullable KafkaSource kafka,
      GraphSink sink,
      Duration window,
      Duration allowedLateness,
      @Nullable Duration earlyFiring,
      String deadLetter,
      @Nullable String summary) {
    return new AutoValue_IngestConfig(
        mapping, inputs, kafka, sink, window, allowedLateness, earlyFiring, deadLetter, summary);
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
