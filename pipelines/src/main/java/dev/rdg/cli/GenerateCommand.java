package dev.rdg.cli;

import dev.rdg.bench.EventGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rdg generate --events=N --output=DIR}: Netflix-like events for benchmarks and demos. */
@Command(
    name = "generate",
    description = "Writes deterministic Netflix-like events (playback, sessions, games) as JSON Lines.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "100000", description = "Lines to write (default ${DEFAULT-VALUE})")
  private long events;

  @Option(names = "--output", required = true, description = "Folder for playback.jsonl, sessions.jsonl, games.jsonl")
  private Path output;

  @Option(names = "--seed", defaultValue = "42")
  private long seed;

  @Option(names = "--redeliveries", defaultValue = "0.01", description = "Fraction redelivered")
  private double redeliveries;

  @Option(names = "--malformed", defaultValue = "0.001", description = "Fraction malformed")
  private double malformed;

  @Option(names = "--jitter", defaultValue = "0.02", description = "Fraction moved back in time")
  private double jitter;

  @Override
  public Integer call() throws Exception {
    EventGenerator.Counts counts =
        new EventGenerator(seed, redeliveries, malformed, jitter).write(events, output);
    System.out.println("wrote " + counts + " to " + output);
    return 0;
  }
}
