package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.kafka.KafkaTestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Kafka in and out against a real broker in this JVM: the Netflix sample produced with a plain producer into
 * the topics playback, sessions and games, ingested on the FlinkRunner, gives the same export as file
 * ingest; into the Kafka sink, its export does too.
 */
@RunWith(JUnit4.class)
public class KafkaIngestIT {
  private static final List<String> TOPICS = List.of("playback", "sessions", "games");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KafkaTestBroker broker;
  /** Every non-blank line of the sample: one record each. */
  private static int records;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void startBroker() throws Exception {
    broker = KafkaTestBroker.startInJvm();
    for (String topic : TOPICS) {
      List<String> lines =
          Files.readAllLines(NetflixSample.TEST_DATA.resolve("events/netflix/" + topic + ".jsonl")).stream()
              .filter(line -> !line.isBlank())
              .collect(Collectors.toList());
      broker.produce(topic, lines);
      records += lines.size();
    }
  }

  @AfterClass
  public static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Ingest of the three topics equals the file ingest, with the same dead letters; the offsets are committed
   * after the run, so a second run of the group reads nothing and leaves the graph as it was.
   */
  @Test
  public void testKafkaIngestEqualsFileIngest() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path store = work.resolve("store");
    ingest(work, "embedded:" + store, "files-group", "--maxRecords=" + records);
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
    JsonNode summary = NetflixSample.summary(work);
    assertThat(summary.get("read").asLong(), equalTo((long) records));
    assertThat(deadLetterKinds(Files.readAllLines(work.resolve("deadletters.jsonl"))), equalTo(expectedKinds()));

    assertThat(broker.committed("files-group"), aMapWithSize(3));
    assertThat(broker.committed("files-group"), hasEntry("games/0", 22L));
    ingest(work, "embedded:" + store, "files-group", "--maxReadTime=3s");
    assertThat(NetflixSample.summary(work).get("read").asLong(), equalTo(0L));
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
    // Nothing new since: a run to the end offsets reads nothing and ends by itself.
    ingest(work, "embedded:" + store, "files-group", "--stopAtEnd");
    assertThat(NetflixSample.summary(work).get("read").asLong(), equalTo(0L));
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
  }

  /** Into the Kafka sink: per-type topics, dead letters on their topic, and its export equals the expected graph. */
  @Test
  public void testKafkaSinkExportEqualsExpected() throws Exception {
    Path work = tmp.getRoot().toPath();
    String sink = "kafka://" + broker.bootstrap() + "?prefix=it";
    ingest(work, sink, "sink-group", "--maxRecords=" + records);
    assertThat(NetflixSample.export(work, sink), equalTo(NetflixSample.expectedExport()));
    assertThat(deadLetterKinds(broker.readAll("it.deadletters")), equalTo(expectedKinds()));

    // A replay of the same records republishes the same upserts: the merged graph does not change.
    ingest(work, sink, "sink-replay-group", "--maxRecords=" + records);
    assertThat(NetflixSample.export(work, sink), equalTo(NetflixSample.expectedExport()));
  }

  private static void ingest(Path work, String sink, String group, String bound) {
    int exit =
        Rdg.execute(
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--kafkaBootstrap=" + broker.bootstrap(),
            "--topics=" + String.join(",", TOPICS),
            "--kafkaGroup=" + group,
            bound,
            "--sink=" + sink,
            "--deadLetter=" + work.resolve("deadletters.jsonl"),
            "--summary=" + work.resolve("summary.json"),
            "--progressSeconds=0",
            "--runner=FlinkRunner");
    assertThat("rdg ingest exit code", exit, equalTo(0));
  }

  /** Dead letters as "source reason-kind", sorted: Kafka dead letters name topic/partition, not files. */
  private static List<String> deadLetterKinds(List<String> lines) {
    return lines.stream()
        .filter(line -> !line.isBlank())
        .map(KafkaIngestIT::parse)
        .map(dl -> dl.get("source").asText() + " " + dl.get("reason").asText().split(":", 2)[0])
        .sorted()
        .collect(Collectors.toList());
  }

  private static List<String> expectedKinds() throws IOException {
    return deadLetterKinds(
        Files.readAllLines(NetflixSample.EXPECTED_DEAD_LETTERS, StandardCharsets.UTF_8));
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
