package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.rdg.kafka.KafkaSource;
import dev.rdg.kafka.ReadKafkaEvents;
import dev.rdg.pipelines.IngestConfig;
import dev.rdg.pipelines.IngestOptions;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The Kafka options of {@code rdg ingest}: what they become, and secrets masked (errors: RdgErrorsTest). */
@RunWith(JUnit4.class)
public class KafkaOptionsTest {
  private static final String SECRET = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"rdg\" password=\"hunter2\";";

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

  /** --stopAtEnd alone makes a bounded run; without any bound a run is unbounded. */
  @Test
  public void testStopAtEndIsABound() {
    KafkaSource toEnd = config("--kafkaBootstrap=h:1", "--topics=games", "--stopAtEnd").kafka();
    assertThat(toEnd.stopAtEnd(), equalTo(true));
    assertThat(toEnd.bounded(), equalTo(true));
    KafkaSource endless = config("--kafkaBootstrap=h:1", "--topics=games").kafka();
    assertThat(endless.stopAtEnd(), equalTo(false));
    assertThat(endless.bounded(), equalTo(false));
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

  private static IngestConfig config(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--mapping=" + NetflixSample.MAPPING;
    System.arraycopy(args, 0, all, 1, args.length);
    IngestOptions options = PipelineOptionsFactory.fromArgs(all).withValidation().as(IngestOptions.class);
    return IngestConfig.from(options);
  }
}
