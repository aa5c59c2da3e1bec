package dev.rdg.pipelines;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs a pipeline to the end while printing a progress line every few seconds to stderr.
 *
 * <p>Runners that return from {@code run()} at once (the DirectRunner here, a remote Flink cluster) report
 * live counters; the embedded FlinkRunner only returns when the job is done, so its progress line says how
 * long the job has been running and the counters come in the summary.
 */
final class JobRunner {
  private JobRunner() {}

  /** Runs the pipeline; {@code onDone} gets the result of a job that ended DONE, before the summary. */
  static IngestSummary runToCompletion(
      Pipeline pipeline, IngestOptions options, Consumer<PipelineResult> onDone) {
    String runner = options.getRunner().getSimpleName();
    if (runner.equals("DirectRunner")) {
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    long start = System.nanoTime();
    AtomicReference<PipelineResult> running = new AtomicReference<>();
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(JobRunner::daemon);
    if (options.getProgressSeconds() > 0) {
      progress.scheduleAtFixedRate(
          () -> System.err.println(progressLine(running.get(), runner, start)),
          options.getProgressSeconds(),
          options.getProgressSeconds(),
          TimeUnit.SECONDS);
    }
    try {
      PipelineResult result = pipeline.run();
      running.set(result);
      result.waitUntilFinish();
      if (result.getState() != PipelineResult.State.DONE) {
        throw new IllegalStateException("the job ended " + result.getState());
      }
      onDone.accept(result);
      return new IngestSummary(
          IngestSummary.countersOf(result), IngestSummary.reasonsOf(result), runner, seconds(start));
    } finally {
      progress.shutdownNow();
    }
  }

  /**
   * Whether the job's workers run in this JVM: the DirectRunner's, and Flink's embedded cluster
   * ({@code --flinkMaster} {@code [local]}, {@code [collection]}, or the default {@code [auto]} when not
   * started by Flink's {@code flink run}, which sets a remote cluster as the context).
   */
  static boolean runsInThisJvm(PipelineOptions options) {
    switch (options.getRunner().getSimpleName()) {
      case "DirectRunner":
        return true;
      case "FlinkRunner":
        return FlinkMasters.runsHere(options.as(FlinkPipelineOptions.class).getFlinkMaster());
      default:
        return false;
    }
  }

  private static String progressLine(PipelineResult result, String runner, long start) {
    String line = String.format("rdg: running on %s, %.0f s", runner, seconds(start));
    if (result == null) {
      return line;
    }
    StringBuilder counters = new StringBuilder(line);
    IngestSummary.countersOf(result).forEach((name, value) -> counters.append(", ").append(name).append('=').append(value));
    return counters.toString();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "rdg-progress");
    thread.setDaemon(true);
    return thread;
  }
}
