package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.rdg.bench.EventGenerator;
import dev.rdg.kafka.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code rdg generate --kafkaBootstrap} against a real broker in this JVM: each topic gets exactly the lines
 * the same seed writes into the source's file, in order, and the graph ingested from the topics equals the
 * graph ingested from the files.
 */
@RunWith(JUnit4.class)
public class GenerateKafkaIT {
  private static final int EVENTS = 20_000;
  private static final Path MAPPING = NetflixSample.TEST_DATA.resolve("mappings/netflix-heartbeats.yaml");
  private static KafkaTestBroker broker;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void startBroker() throws Exception {
    broker = KafkaTestBroker.startInJvm();
  }

  @AfterClass
  public static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  public void testTopicsHoldTheFilesLinesAndBuildTheSameGraph() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path files = work.resolve("files");
    assertThat(Rdg.execute("generate", "--events=" + EVENTS, "--output=" + files), equalTo(0));
    assertThat(Rdg.execute("generate", "--events=" + EVENTS, "--kafkaBootstrap=" + broker.bootstrap()), equalTo(0));

    int records = 0;
    for (String source : EventGenerator.SOURCES) {
      List<String> lines = Files.readAllLines(files.resolve(source + ".jsonl"), StandardCharsets.UTF_8);
      assertThat(source, broker.readAll(source), equalTo(lines));
      records += lines.size();
    }

    Path fromFiles = work.resolve("from-files");
    Files.createDirectories(fromFiles);
    NetflixSample.ingest(MAPPING, files + "/*.jsonl", fromFiles, fromFiles.resolve("store"), "--runner=FlinkRunner");
    Path fromTopics = work.resolve("from-topics");
    Files.createDirectories(fromTopics);
    int exit =
        Rdg.execute(
            "ingest",
            "--mapping=" + MAPPING,
            "--kafkaBootstrap=" + broker.bootstrap(),
            "--topics=" + String.join(",", EventGenerator.SOURCES),
            "--maxRecords=" + records,
            "--sink=embedded:" + fromTopics.resolve("store"),
            "--deadLetter=" + fromTopics.resolve("deadletters.jsonl"),
            "--summary=" + fromTopics.resolve("summary.json"),
            "--progressSeconds=0",
            "--runner=FlinkRunner");
    assertThat("rdg ingest exit code", exit, equalTo(0));

    String graph = NetflixSample.export(fromFiles, fromFiles.resolve("store"));
    assertThat(graph.lines().count(), greaterThan(100L));
    assertThat(NetflixSample.export(fromTopics, fromTopics.resolve("store")), equalTo(graph));
    assertThat(NetflixSample.summary(fromTopics).get("read").asLong(), equalTo((long) records));
    assertThat(
        NetflixSample.summary(fromTopics).get("deadLettered"), equalTo(NetflixSample.summary(fromFiles).get("deadLettered")));
  }

  /** No broker at the address: generate fails within about half a minute and says where it tried. */
  @Test
  public void testGenerateWithoutABrokerFailsAndSaysWhere() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Rdg.execute("generate", "--events=10", "--kafkaBootstrap=127.0.0.1:1"), equalTo(Rdg.FAILED));
    } finally {
      System.setErr(originalErr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8), containsString("could not produce to Kafka at 127.0.0.1:1"));
  }

  /** Exactly one destination: files or topics. */
  @Test
  public void testGenerateNeedsExactlyOneDestination() {
    assertThat(Rdg.execute("generate", "--events=10"), equalTo(Rdg.USAGE));
    assertThat(
        Rdg.execute(
            "generate", "--events=10", "--output=" + tmp.getRoot(), "--kafkaBootstrap=" + broker.bootstrap()),
        equalTo(Rdg.USAGE));
  }
}
