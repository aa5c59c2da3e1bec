package dev.rdg.cli;

import dev.rdg.bench.EventGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rdg generate --events=N --output=DIR} or {@code --kafkaBootstrap=HOST:PORT}: Netflix-like events for
 * benchmarks and demos, as JSON Lines files or Kafka records.
 */
@Command(
    name = "generate",
    description =
        "Writes deterministic Netflix-like events (playback, sessions, games) as JSON Lines files or to Kafka topics.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "100000", description = "Lines to write (default ${DEFAULT-VALUE})")
  private long events;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Destination destination;

  /** Files or Kafka topics: exactly one. */
  static final class Destination {
    @Option(names = "--output", description = "Folder for playback.jsonl, sessions.jsonl, games.jsonl")
    private Path output;

    @Option(
        names = "--kafkaBootstrap",
        description = "Kafka brokers, HOST:PORT[,HOST:PORT…]: produce to the topics playback, sessions, games")
    private String kafkaBootstrap;
  }

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
    EventGenerator generator = new EventGenerator(seed, redeliveries, malformed, jitter);
    if (destination.output != null) {
      System.out.println("wrote " + generator.write(events, destination.output) + " to " + destination.output);
    } else {
      System.out.println(
          "produced " + generator.produce(events, destination.kafkaBootstrap) + " to the topics "
              + String.join(", ", EventGenerator.SOURCES) + " at " + destination.kafkaBootstrap);
    }
    return 0;
  }
}
