package dev.rdg.pipelines;

import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.GraphTags;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.NodeRef;
import dev.rdg.transforms.CoalesceUpdates;
import dev.rdg.transforms.DivertTooLateEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Streams N events through {@link DivertTooLateEvents} and {@link CoalesceUpdates} on Flink's embedded
 * cluster (streaming, heap state) and prints, when a tenth, half and all of N events (1M, 5M and 10M for
 * N = 10M) have been generated, the heap in use after a full GC (where Flink's heap state lives: the
 * state size) and the peak heap so far. Flat figures mean state does not grow with the input.
 *
 * <p>Input: an unbounded sequence, one event every 10 ms of event time, each asserting one edge of 4,000
 * profiles × 500 titles; every 100th event is a redelivery of the event 50 before it. Window 1 min, no
 * allowed lateness: the state that must stay is a minute or two of accumulators and event keys.
 *
 * <p>Run: {@code scripts/bench-event-time.sh 10000000}.
 */
public final class EventTimeBenchmark {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  /**
   * Counters shared with the job through the system properties: Flink loads the job's classes in a
   * class loader of its own, so a static field of this class would be another one there.
   */
  static final AtomicLong GENERATED = shared("generated");

  static final AtomicLong UPSERTS = shared("upserts");

  private EventTimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setStreaming(true);
    options.setParallelism(2);
    options.setFasterCopy(true);
    Pipeline pipeline = Pipeline.create(options);
    Duration window = Duration.standardMinutes(1);
    pipeline
        .apply(
            "Generate",
            GenerateSequence.from(0)
                .withRate(1_000_000, Duration.standardSeconds(1))
                .withTimestampFn(EventTimeBenchmark::eventTime))
        .apply("ToEvent", ParDo.of(new ToEventFn()))
        .apply("DivertTooLate", DivertTooLateEvents.forWindows(window, Duration.ZERO))
        .apply("Coalesce", CoalesceUpdates.inWindowsOf(window))
        .get(GraphTags.EDGES)
        .apply("Count", ParDo.of(new CountFn<>()));

    Thread runner = new Thread(() -> pipeline.run().waitUntilFinish(), "bench-pipeline");
    runner.setDaemon(true);
    long start = System.nanoTime();
    runner.start();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long peak = 0;
    List<Long> marks = new ArrayList<>(List.of(events / 10, events / 2, events));
    System.out.printf("machine: %d cores, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("events       seconds  events/s  heap after GC (MiB)  peak heap (MiB)  edge upserts");
    long nextProgress = System.nanoTime() + 30_000_000_000L;
    while (!marks.isEmpty()) {
      Thread.sleep(100);
      if (System.nanoTime() > nextProgress) {
        System.err.printf("progress: %,d events, heap %d MiB%n", GENERATED.get(), memory.getHeapMemoryUsage().getUsed() >> 20);
        nextProgress += 30_000_000_000L;
      }
      peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
      long generated = GENERATED.get();
      if (generated >= marks.get(0)) {
        System.gc();
        long afterGc = memory.getHeapMemoryUsage().getUsed();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,11d  %7.1f  %8.0f  %19d  %15d  %,12d%n",
            generated, seconds, generated / seconds, afterGc >> 20, peak >> 20, UPSERTS.get());
        marks.remove(0);
      }
      if (!runner.isAlive()) {
        throw new IllegalStateException("the pipeline ended before " + marks.get(0) + " events");
      }
    }
    // The source is endless: the figures are printed, the job is not drained.
    System.exit(0);
  }

  private static AtomicLong shared(String name) {
    return (AtomicLong) System.getProperties().computeIfAbsent("rdg.bench." + name, key -> new AtomicLong());
  }

  private static Instant eventTime(long i) {
    long original = i % 100 == 99 ? i - 50 : i;
    return START.plus(Duration.millis(original * 10));
  }

  /** One edge assertion per event; every 100th event redelivers the one 50 before it. */
  static final class ToEventFn extends DoFn<Long, MappedEvent> {
    @ProcessElement
    public void processElement(@Element Long i, OutputReceiver<MappedEvent> out) {
      GENERATED.incrementAndGet();
      long original = i % 100 == 99 ? i - 50 : i;
      out.output(MappedEvent.of(List.of(
          GraphMutation.builder()
              .setSource("bench")
              .setEventId("e" + original)
              .setEventTime(eventTime(i))
              .setPosition("bench:" + i)
              .setEdge(
                  EdgeRef.of(
                      "watched",
                      NodeRef.of("profile", "p" + original % 4000),
                      NodeRef.of("title", "t" + original % 500)))
              .build())));
    }
  }

  /** Counts what reaches the end. */
  static final class CountFn<T> extends DoFn<T, Void> {
    @ProcessElement
    public void processElement() {
      UPSERTS.incrementAndGet();
    }
  }
}
