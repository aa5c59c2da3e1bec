package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Bad command lines end with one clear error line, exit code 2 and no stack trace. */
@RunWith(JUnit4.class)
public class RdgErrorsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @Before
  public void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restoreStderr() {
    System.setErr(originalErr);
  }

  private String ingestFails(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "ingest";
    System.arraycopy(args, 0, all, 1, args.length);
    assertThat(Rdg.execute(all), equalTo(Rdg.USAGE));
    return oneErrorLine();
  }

  private String oneErrorLine() {
    String text = err.toString(StandardCharsets.UTF_8).trim();
    assertThat("exactly one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, startsWith("rdg: error: "));
    assertThat(text, not(containsString("\tat ")));
    return text;
  }

  private String sinkArg() {
    return "--sink=embedded:" + tmp.getRoot().toPath().resolve("store");
  }

  /** The benchmark needs at least one run of each measurement; it says so before generating anything. */
  @Test
  public void testBenchWithoutRepeats() {
    Path work = tmp.getRoot().toPath().resolve("bench");
    assertThat(Rdg.execute("bench", "--repeats=0", "--work=" + work), equalTo(Rdg.USAGE));
    assertThat(oneErrorLine(), containsString("--repeats must be >= 1, but was 0"));
    assertThat(Files.exists(work), equalTo(false));
  }

  /** A Kafka address that is no address fails at once and says so, before any record is generated. */
  @Test
  public void testGenerateToAKafkaAddressThatIsNone() {
    assertThat(Rdg.execute("generate", "--events=10", "--kafkaBootstrap=nohost"), equalTo(Rdg.FAILED));
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("could not produce to Kafka at nohost: Invalid url in bootstrap.servers: nohost"));
  }

  /**
   * No broker at the address of a bounded Kafka run: the job fails on Flink and the line says what rdg could
   * not do, not the runner's "Pipeline execution failed".
   */
  @Test
  public void testKafkaRunWithoutABrokerSaysWhatFailed() {
    int exit =
        Rdg.execute(
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--kafkaBootstrap=127.0.0.1:1",
            "--topics=games",
            "--maxRecords=10",
            "--kafkaProperty=default.api.timeout.ms=1000",
            sinkArg(),
            "--runner=FlinkRunner");
    assertThat(exit, equalTo(Rdg.FAILED));
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("rdg: failed: IOException: could not read the backlog of Kafka topics [games]: "));
  }

  /** An unknown sink scheme names the known ones. */
  @Test
  public void testUnknownSinkScheme() {
    String line =
        ingestFails(
            "--mapping=" + NetflixSample.MAPPING, "--input=" + NetflixSample.INPUT, "--sink=neo5://x");
    assertThat(line, containsString("unknown sink scheme 'neo5'"));
    assertThat(line, containsString("embedded"));
  }

  /** A missing mapping file is named. */
  @Test
  public void testMissingMappingFile() {
    String line = ingestFails("--mapping=/nonexistent/m.yaml", "--input=" + NetflixSample.INPUT, sinkArg());
    assertThat(line, containsString("/nonexistent/m.yaml"));
  }

  /** An input pattern matching no file is named. */
  @Test
  public void testInputMatchesNothing() {
    String line =
        ingestFails("--mapping=" + NetflixSample.MAPPING, "--input=/nonexistent/*.jsonl", sinkArg());
    assertThat(line, containsString("no input file matches '/nonexistent/*.jsonl'"));
  }

  /** An unreadable input file is named. */
  @Test
  public void testUnreadableInput() throws Exception {
    Path file = tmp.newFile("playback.jsonl").toPath();
    Files.writeString(file, "{}\n");
    assumeTrue("root reads everything", file.toFile().setReadable(false) && !file.toFile().canRead());
    String line = ingestFails("--mapping=" + NetflixSample.MAPPING, "--input=" + file, sinkArg());
    assertThat(line, containsString("not readable"));
  }

  /** A mapping with a hostile type name is rejected before the job starts, with its place in the file. */
  @Test
  public void testHostileTypeNameInMapping() throws Exception {
    Path mapping = tmp.newFile("bad.yaml").toPath();
    Files.writeString(
        mapping,
        "sources:\n  - name: playback\n    eventTime: {field: ts}\n    nodes:\n"
            + "      - {type: \"Person) DETACH DELETE n //\", id: \"${a}\"}\n");
    String line = ingestFails("--mapping=" + mapping, "--input=" + NetflixSample.INPUT, sinkArg());
    assertThat(line, containsString("sources[0].nodes[0]"));
    assertThat(line, containsString("invalid type name"));
  }

  /** A window that is not a duration says what a duration looks like. */
  @Test
  public void testBadWindow() {
    String line =
        ingestFails(
            "--mapping=" + NetflixSample.MAPPING, "--input=" + NetflixSample.INPUT, sinkArg(), "--window=soon");
    assertThat(line, containsString("--window=soon is not a duration"));
  }

  /** An early-firing period of zero is refused with the option named. */
  @Test
  public void testZeroEarlyFiring() {
    String line =
        ingestFails(
            "--mapping=" + NetflixSample.MAPPING, "--input=" + NetflixSample.INPUT, sinkArg(), "--earlyFiring=0s");
    assertThat(line, containsString("--earlyFiring must be longer than 0, but was 0s"));
  }

  /**
   * Lateness below zero, a duration too long to hold and a summary with no folder to go to are refused
   * before the job starts: the store is not even created.
   */
  @Test
  public void testBadIngestOptionsRefusedBeforeTheStore() {
    String[][] cases = {
      {"--allowedLateness must be 0 or longer, but was PT-5S", "--allowedLateness=PT-5S"},
      {"--window=999999999999d is not a duration", "--window=999999999999d"},
      {"--summary=" + tmp.getRoot() + "/absent/s.json: no folder", "--summary=" + tmp.getRoot() + "/absent/s.json"},
    };
    for (String[] bad : cases) {
      err.reset();
      String line = ingestFails("--mapping=" + NetflixSample.MAPPING, "--input=" + NetflixSample.INPUT, sinkArg(), bad[1]);
      assertThat(line, containsString(bad[0]));
      assertThat(Files.exists(tmp.getRoot().toPath().resolve("store")), equalTo(false));
    }
  }

  /** Reading commands refuse an embedded store that does not exist, and do not create one. */
  @Test
  public void testReadingAMissingStoreCreatesNothing() {
    Path missing = tmp.getRoot().toPath().resolve("rdg-dat");
    String[][] commands = {
      {"export", "--sink=embedded:" + missing},
      {"query", "node", "--sink=embedded:" + missing, "--node=account:a1"},
      {"compact", "--sink=embedded:" + missing},
    };
    for (String[] command : commands) {
      err.reset();
      assertThat(String.join(" ", command), Rdg.execute(command), equalTo(Rdg.USAGE));
      assertThat(oneErrorLine(), containsString("no graph at embedded:" + missing));
      assertThat(Files.exists(missing), equalTo(false));
    }
  }

  /** A required option left out is named. */
  @Test
  public void testMissingMappingOption() {
    String line = ingestFails("--input=" + NetflixSample.INPUT, sinkArg());
    assertThat(line, containsString("--mapping"));
  }

  /** An option no one knows is named. */
  @Test
  public void testUnknownOption() {
    String line =
        ingestFails("--mapping=" + NetflixSample.MAPPING, "--input=" + NetflixSample.INPUT, "--windw=1m");
    assertThat(line, containsString("windw"));
  }

  /** Export of an unsupported format is refused. */
  @Test
  public void testExportUnknownFormat() {
    assertThat(Rdg.execute("export", sinkArg(), "--format=xml"), equalTo(Rdg.USAGE));
    assertThat(oneErrorLine(), containsString("unsupported --format=xml"));
  }

  /** A Kafka topic that is no source of the mapping fails in one line that says how to name its source. */
  @Test
  public void testKafkaTopicOfUnknownSource() {
    assertThat(
        ingestFails("--mapping=" + NetflixSample.MAPPING, "--kafkaBootstrap=h:1", "--topics=billing"),
        containsString("topic 'billing' is read as source 'billing', which is not in the mapping"));
  }

  /** Files and topics at once, topics without brokers, bad start positions, properties and bounds. */
  @Test
  public void testBadKafkaOptions() {
    String mapping = "--mapping=" + NetflixSample.MAPPING;
    String kafka = "--kafkaBootstrap=h:1";
    String topics = "--topics=games";
    String[][] cases = {
      {"either --input or --kafkaBootstrap", mapping, kafka, topics, "--input=x.jsonl"},
      {"needs both --kafkaBootstrap", mapping, topics},
      {"--startFrom=yesterday is not earliest, latest or an ISO-8601 time", mapping, kafka, topics,
          "--startFrom=yesterday"},
      {"--kafkaProperty needs NAME=VALUE", mapping, kafka, topics, "--kafkaProperty=password:hunter2"},
      {"--maxRecords must be > 0", mapping, kafka, topics, "--maxRecords=0"},
    };
    for (String[] bad : cases) {
      err.reset();
      String line = ingestFails(Arrays.copyOfRange(bad, 1, bad.length));
      assertThat(line, containsString(bad[0]));
      assertThat(line, not(containsString("hunter2")));
    }
    err.reset();
    assertThat(ingestFails(mapping), containsString("missing --input"));
  }
}
