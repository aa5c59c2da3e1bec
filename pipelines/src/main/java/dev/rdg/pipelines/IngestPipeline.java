package dev.rdg.pipelines;

import dev.rdg.io.ReadEventFiles;
import dev.rdg.io.WriteLinesFile;
import dev.rdg.kafka.KafkaOffsets;
import dev.rdg.kafka.ReadKafkaEvents;
import dev.rdg.mapping.Retention;
import dev.rdg.model.DeadLetter;
import dev.rdg.model.GraphJson;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.RawEvent;
import dev.rdg.sinks.DeadLetterSink;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.WriteGraph;
import dev.rdg.transforms.CoalesceUpdates;
import dev.rdg.transforms.DeadLetters;
import dev.rdg.transforms.DivertTooLateEvents;
import dev.rdg.transforms.NormalizeEvents;
import dev.rdg.transforms.UpsertWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The ingest job: events → {@link NormalizeEvents} → {@link DivertTooLateEvents} → {@link
 * CoalesceUpdates} (which counts each event once, so redeliveries change nothing) → {@link WriteGraph},
 * with every unmappable or too-late event and every upsert the sink refused written to the dead-letter
 * file. Files into a sink that takes edges before their end nodes (the embedded store) are written in the
 * coalescing's own step ({@link CoalesceUpdates#writingTo}).
 *
 * <p>{@link #buildGraph} is the whole graph-building part with the source and sink as parameters, so tests
 * and other entry points (Kafka, {@code TestStream}) reuse it unchanged.
 *
 * <pre>{@code
 * IngestOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(IngestOptions.class);
 * IngestSummary summary = IngestPipeline.run(options, IngestConfig.from(options));
 * }</pre>
 */
public final class IngestPipeline {
  private IngestPipeline() {}

  /**
   * Builds the graph from raw events and writes it to {@code sink}; returns the dead letters: the events
   * that could not be mapped or came too late, and the upserts the sink refused, in the global window.
   * Bounded events go to a sink with a {@link GraphSink#writerInStep} in the coalescing's own step.
   */
  public static PCollection<DeadLetter> buildGraph(
      PCollection<RawEvent> events, IngestConfig config, GraphSink sink) {
    Optional<UpsertWriter> inStep =
        events.isBounded() == PCollection.IsBounded.BOUNDED ? sink.writerInStep() : Optional.empty();
    if (inStep.isPresent()) {
      return normalized(events, config)
          .apply("CoalesceAndWrite", coalescing(config).writingTo(inStep.get()))
          .get(GraphTags.DEAD_LETTERS);
    }
    PCollectionTuple graph = coalescedGraph(events, config);
    PCollection<DeadLetter> refused =
        graph
            .apply("WriteGraph", WriteGraph.to(sink))
            // Out of the upserts' windows and triggers, to be one collection with the events' dead letters.
            .apply("RefusedInGlobalWindow", DeadLetters.inGlobalWindow());
    return PCollectionList.of(graph.get(GraphTags.DEAD_LETTERS))
        .and(refused)
        .apply("WithRefusedUpserts", Flatten.pCollections());
  }

  /**
   * The graph as upserts, not yet written: {@link GraphTags#NODES} and {@link GraphTags#EDGES} per window
   * and pane, and {@link GraphTags#DEAD_LETTERS}: unmappable events and events too late for their window.
   */
  public static PCollectionTuple coalescedGraph(PCollection<RawEvent> events, IngestConfig config) {
    return normalized(events, config).apply("CoalesceUpdates", coalescing(config));
  }

  /** The events mapped, and those too late for their window diverted. */
  private static PCollection<MappedEvent> normalized(PCollection<RawEvent> events, IngestConfig config) {
    return events
        .apply("NormalizeEvents", NormalizeEvents.with(config.mapping()))
        .apply(
            "DivertTooLateEvents", DivertTooLateEvents.forWindows(config.window(), config.allowedLateness()));
  }

  private static CoalesceUpdates coalescing(IngestConfig config) {
    return CoalesceUpdates.inWindowsOf(config.window())
        .withAllowedLateness(config.allowedLateness())
        .withEarlyFiring(config.earlyFiring());
  }

  /**
   * The ingest pipeline: read the input files or Kafka topics, build the graph, write dead letters (to the
   * dead-letter file, and to the sink too when it takes them, as the Kafka sink does).
   */
  public static Pipeline create(IngestOptions options, IngestConfig config) {
    Pipeline pipeline = Pipeline.create(options);
    PCollection<RawEvent> events =
        config.kafka() != null
            ? pipeline.apply("ReadKafkaEvents", ReadKafkaEvents.from(config.kafka()))
            : pipeline.apply(
                "ReadEventFiles", ReadEventFiles.matching(config.inputs()).withMapping(config.mapping()));
    PCollection<DeadLetter> deadLetters = buildGraph(events, config, config.sink());
    if (config.sink() instanceof DeadLetterSink) {
      deadLetters.apply("PublishDeadLetters", ((DeadLetterSink) config.sink()).writeDeadLetters());
    }
    writeDeadLetters(deadLetters, config.deadLetter());
    return pipeline;
  }

  /**
   * Writes the dead letters as JSON lines to {@code path}: one file for bounded input; for a stream, one
   * file per minute in which they were dead-lettered. A stream's dead letters are stamped with that
   * minute (their arrival in this step, or their own time if later) first: a too-late event keeps its
   * event time, far behind the watermark, and a window of its own time would drop it as late.
   */
  static void writeDeadLetters(PCollection<DeadLetter> deadLetters, String path) {
    PCollection<String> lines =
        deadLetters.apply("DeadLetterLines", MapElements.into(TypeDescriptors.strings()).via(GraphJson::line));
    if (lines.isBounded() == PCollection.IsBounded.BOUNDED) {
      lines.apply("WriteDeadLetters", WriteLinesFile.to(Path.of(path)));
      return;
    }
    lines
        .apply("StampArrival", ParDo.of(new StampArrivalFn()))
        .apply("DeadLetterMinutes", Window.into(FixedWindows.of(Duration.standardMinutes(1))))
        .apply("WriteDeadLetters", TextIO.write().to(path).withWindowedWrites().withNumShards(1));
  }

  /** Stamps each element with the time it arrives here, or keeps its own when that is later. */
  static final class StampArrivalFn extends DoFn<String, String> {
    @ProcessElement
    public void processElement(
        @Element String line, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      Instant now = Instant.now();
      out.outputWithTimestamp(line, now.isAfter(timestamp) ? now : timestamp);
    }
  }

  /**
   * Keeps the mapping's retention policy with the graph before the job writes to it, so export and queries
   * apply the policy of the mapping that built the graph; the latest ingest's policy wins.
   */
  static void keepRetention(IngestConfig config) {
    Retention retention = config.mapping().retention();
    if (!config.sink().saveRetention(retention) && !retention.isEmpty()) {
      System.err.println(
          "rdg: warning: " + config.sink() + " cannot keep the mapping's retention; give export, query and "
              + "serve --mapping=FILE to apply it");
    }
  }

  /**
   * Runs the ingest pipeline to the end, printing progress, and returns its counters; a bounded Kafka run
   * then commits its offsets ({@link KafkaOffsets}). A job whose workers run in this JVM writes through the
   * sink's handle held open for the whole run ({@link GraphSink#holdOpen}).
   */
  public static IngestSummary run(IngestOptions options, IngestConfig config) {
    // Built first: its transforms check their arguments before the store is held or its retention saved.
    Pipeline pipeline = create(options, config);
    try (GraphSink.Held held = JobRunner.runsInThisJvm(options) ? config.sink().holdOpen() : () -> {}) {
      keepRetention(config);
      return JobRunner.runToCompletion(
          pipeline,
          options,
          result -> {
            if (config.kafka() != null && config.kafka().bounded()) {
              KafkaOffsets.commitAfterRun(result, config.kafka());
            }
          });
    }
  }
}
