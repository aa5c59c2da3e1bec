package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;

import dev.rdg.kafka.KafkaTestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Crash safety with separate processes: a Kafka broker started by {@code scripts/kafka-broker.sh} and
 * {@code rdg ingest} run from the shaded jar. The ingest is SIGKILLed while it is reading (half of the
 * sample produced, it waits for the rest), restarted with the same consumer group, and the final export
 * equals the expected graph: no event lost, no count doubled.
 */
@RunWith(JUnit4.class)
public class KafkaCrashIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve("scripts/kafka-broker.sh");
  private static final Path JAR = Path.of("target/rdg.jar").toAbsolutePath();
  private static final List<String> TOPICS = List.of("playback", "sessions", "games");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path brokerDir;

  @After
  public void stopBroker() throws Exception {
    if (brokerDir != null) {
      run(List.of("bash", SCRIPT.toString(), "stop", "--dir", brokerDir.toString()), brokerDir.resolve("stop.log"));
    }
  }

  /** Killed mid-stream with -9 and restarted with its group: the export equals the expected graph. */
  @Test
  public void testKillAndRestartLosesNothingAndDoublesNothing() throws Exception {
    Path work = tmp.getRoot().toPath();
    brokerDir = work.resolve("broker");
    int port = freePortPair();
    Path startLog = work.resolve("broker-start.log");
    assertThat("broker start (" + startLog + ")",
        run(List.of("bash", SCRIPT.toString(), "start", "--dir", brokerDir.toString(), "--port", "" + port),
            startLog),
        equalTo(0));
    KafkaTestBroker broker = KafkaTestBroker.at("127.0.0.1:" + port);

    List<List<String>> firstHalves = new ArrayList<>();
    List<List<String>> secondHalves = new ArrayList<>();
    int records = 0;
    for (String topic : TOPICS) {
      List<String> lines =
          Files.readAllLines(NetflixSample.TEST_DATA.resolve("events/netflix/" + topic + ".jsonl")).stream()
              .filter(line -> !line.isBlank())
              .collect(Collectors.toList());
      firstHalves.add(lines.subList(0, lines.size() / 2));
      secondHalves.add(lines.subList(lines.size() / 2, lines.size()));
      records += lines.size();
    }
    for (int i = 0; i < TOPICS.size(); i++) {
      broker.produce(TOPICS.get(i), firstHalves.get(i));
    }

    Path store = work.resolve("store");
    Path firstLog = work.resolve("ingest-1.log");
    Process first = ingest(broker, store, records, work, firstLog);
    // Kill it once its readers have positioned themselves on every topic (the Kafka consumer logs that) and
    // had 5 s to read the first half; it cannot finish: it waits for the rest.
    for (String topic : TOPICS) {
      waitForLine(first, firstLog, "Resetting offset for partition " + topic + "-0");
    }
    Thread.sleep(5_000);
    first.destroyForcibly();
    assertThat(first.waitFor(60, TimeUnit.SECONDS), equalTo(true));
    assertThat("nothing committed by the killed run", broker.committed("crash-group"), anEmptyMap());

    for (int i = 0; i < TOPICS.size(); i++) {
      broker.produce(TOPICS.get(i), secondHalves.get(i));
    }
    Path secondLog = work.resolve("ingest-2.log");
    Process second = ingest(broker, store, records, work, secondLog);
    assertThat("restarted run finishes (" + secondLog + ")", second.waitFor(10, TimeUnit.MINUTES), equalTo(true));
    assertThat("restarted run exit code (" + secondLog + ")", second.exitValue(), equalTo(0));

    // The restarted run read again what the killed one had read: every record, once.
    assertThat(NetflixSample.summary(work).get("read").asLong(), equalTo((long) records));
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
    assertThat(broker.committed("crash-group"), hasEntry("games/0", 22L));
  }

  private Process ingest(KafkaTestBroker broker, Path store, int records, Path work, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.SubscriptionState=info");
    command.add("-jar");
    command.add(JAR.toString());
    command.add("ingest");
    command.add("--mapping=" + NetflixSample.MAPPING);
    command.add("--kafkaBootstrap=" + broker.bootstrap());
    command.add("--topics=" + String.join(",", TOPICS));
    command.add("--kafkaGroup=crash-group");
    command.add("--maxRecords=" + records);
    command.add("--sink=embedded:" + store);
    command.add("--deadLetter=" + work.resolve("deadletters.jsonl"));
    command.add("--summary=" + work.resolve("summary.json"));
    command.add("--progressSeconds=1");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void waitForLine(Process process, Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("ingest ended before it was killed: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("ingest never printed '" + text + "': " + Files.readString(log));
  }

  private static int run(List<String> command, Path log) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish: " + Files.readString(log));
    }
    return process.exitValue();
  }

  /** A free port whose successor is free too (the broker's controller listens there). */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (port < 65535) {
          try (ServerSocket next = new ServerSocket(port + 1)) {
            return port;
          } catch (IOException taken) {
            // try another pair
          }
        }
      }
    }
    throw new IOException("no two adjacent free ports");
  }

}
