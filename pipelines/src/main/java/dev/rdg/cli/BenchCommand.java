package dev.rdg.cli;

import dev.rdg.bench.Benchmark;
import dev.rdg.pipelines.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rdg bench --events=N}: rdg against the runner's floor on the same generated input. */
@Command(name = "bench", description = "Times rdg against the runner's floor on generated events.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "Events for the FlinkRunner runs (default ${DEFAULT-VALUE})")
  private long events;

  @Option(names = "--directEvents", defaultValue = "2000", description = "Events for the DirectRunner run (default ${DEFAULT-VALUE})")
  private long directEvents;

  @Option(names = "--mapping", defaultValue = "test-data/mappings/netflix-heartbeats.yaml", description = "Mapping of the generated events (default ${DEFAULT-VALUE})")
  private Path mapping;

  @Option(names = "--work", description = "Folder for inputs and stores (default: a new temporary folder)")
  private Path work;

  @Option(names = "--repeats", defaultValue = "1", description = "Runs of the floor and of rdg on Flink, alternately; each reported by its median (default ${DEFAULT-VALUE})")
  private int repeats;

  @Override
  public Integer call() throws Exception {
    if (repeats < 1) {
      throw new UsageException("--repeats must be >= 1, but was " + repeats);
    }
    Path folder = work != null ? work : Files.createTempDirectory("rdg-bench");
    new Benchmark(mapping, folder).run(events, directEvents, repeats, System.out);
    return 0;
  }
}
