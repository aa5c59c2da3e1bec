package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.rdg.kafka.KafkaSource;
import dev.rdg.kafka.ReadKafkaEvents;
import dev.rdg.pipelines.IngestConfig;
import dev.rdg.pipelines.IngestOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The Kafka options of {@code rdg ingest}: what they become, their one-line errors, and masked secrets. */
@RunWith(JUnit4.class)
public class KafkaOptionsTest {
  private static final String SECRET = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"rdg\" password=\"hunter2\";";

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

  /** Topics are sources by name or TOPIC:SOURCE; properties, group, start and bounds carry over. */
  @Test
  public void testOptionsBecomeKafkaSource() {
    KafkaSource source =
        config(
                "--kafkaBootstrap=127.0.0.1:9092",
                "--topics=playback,sessions-v2:sessions",
                "--kafkaGroup=g1",
                "--startFrom=2026-03-01T19:00:00Z",
                "--kafkaProperty=security.protocol=SASL_SSL",
                "--kafkaProperty=sasl.jaas.config=" + SECRET,
                "--maxReadTime=30s")
            .kafka();
    assertThat(source.topicSources(), equalTo(Map.of("playback", "playback", "sessions-v2", "sessions")));
    assertThat(source.groupId(), equalTo("g1"));
    assertThat(source.startTime().toString(), equalTo("2026-03-01T19:00:00.000Z"));
    assertThat(source.clientProperties().get("sasl.jaas.config"), equalTo(SECRET));
    assertThat(source.maxReadTime().getStandardSeconds(), equalTo(30L));
    assertThat(source.bounded(), equalTo(true));
    assertThat(source.toString(), not(containsString("hunter2")));
  }

  /** Client property values never reach display data: KafkaIO's config does not hold them, ours masks them. */
  @Test
  public void testSecretsAreMaskedInDisplayData() {
    KafkaSource source =
        config("--kafkaBootstrap=h:1", "--topics=games", "--kafkaProperty=sasl.jaas.config=" + SECRET).kafka();
    DisplayData display = DisplayData.from(ReadKafkaEvents.from(source));
    assertThat(display.toString(), not(containsString("hunter2")));
    assertThat(display.toString(), containsString("<provided>"));
  }

  /** A topic that is no source of the mapping fails in one line that says how to name its source. */
  @Test
  public void testUnknownTopicSource() {
    assertThat(
        ingestFails("--kafkaBootstrap=h:1", "--topics=billing"),
        containsString("topic 'billing' is read as source 'billing', which is not in the mapping"));
  }

  /** Files and topics at once, topics without brokers, bad start positions and properties: one line each. */
  @Test
  public void testBadKafkaOptions() {
    assertThat(
        ingestFails("--kafkaBootstrap=h:1", "--topics=games", "--input=x.jsonl"),
        containsString("either --input or --kafkaBootstrap"));
    err.reset();
    assertThat(ingestFails("--topics=games"), containsString("needs both --kafkaBootstrap"));
    err.reset();
    assertThat(
        ingestFails("--kafkaBootstrap=h:1", "--topics=games", "--startFrom=yesterday"),
        containsString("--startFrom=yesterday is not earliest, latest or an ISO-8601 time"));
    err.reset();
    assertThat(
        ingestFails("--kafkaBootstrap=h:1", "--topics=games", "--kafkaProperty=" + SECRET.replace("=", "")),
        containsString("--kafkaProperty needs NAME=VALUE"));
    err.reset();
    assertThat(
        ingestFails("--kafkaBootstrap=h:1", "--topics=games", "--maxRecords=0"),
        containsString("--maxRecords must be > 0"));
    err.reset();
    assertThat(ingestFails(), containsString("missing --input"));
  }

  private static IngestConfig config(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--mapping=" + NetflixSample.MAPPING;
    System.arraycopy(args, 0, all, 1, args.length);
    IngestOptions options = PipelineOptionsFactory.fromArgs(all).withValidation().as(IngestOptions.class);
    return IngestConfig.from(options);
  }

  private String ingestFails(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "ingest";
    all[1] = "--mapping=" + NetflixSample.MAPPING;
    System.arraycopy(args, 0, all, 2, args.length);
    assertThat(Rdg.execute(all), equalTo(Rdg.USAGE));
    String text = err.toString(StandardCharsets.UTF_8).trim();
    assertThat("exactly one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, startsWith("rdg: error: "));
    assertThat(text, not(containsString("hunter2")));
    return text;
  }
}
