package dev.rdg.sinks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** What a sink URI shows in logs, errors and display data. */
@RunWith(JUnit4.class)
public class SinkUriTest {
  /** Every password option and Kafka's SASL login configuration are masked; other options are shown. */
  @Test
  public void testMaskedHidesEverySecret() {
    SinkUri uri =
        SinkUri.parse(
            "jdbc:postgresql://h/db?user=rdg&password=s1&sslpassword=s2&ssl.key.password=s3"
                + "&sasl.jaas.config=s4&batchSize=5");
    String masked = uri.masked();
    for (String secret : new String[] {"s1", "s2", "s3", "s4"}) {
      assertThat(masked, not(containsString("=" + secret)));
    }
    assertThat(masked, containsString("user=rdg"));
    assertThat(masked, containsString("sslpassword=<provided>"));
    assertThat(masked, containsString("batchSize=5"));
    assertThat(uri.toString(), equalTo(masked));
  }

  /** Durations in the command line's syntax; zero and words are refused with the option named. */
  @Test
  public void testDurationOption() {
    SinkUri uri = SinkUri.parse("neo4j://h?flushInterval=500ms&slow=2m&zero=0s&word=soon");
    assertThat(uri.durationOption("flushInterval", Duration.ZERO), equalTo(Duration.millis(500)));
    assertThat(uri.durationOption("slow", Duration.ZERO), equalTo(Duration.standardMinutes(2)));
    assertThat(uri.durationOption("absent", Duration.standardSeconds(1)), equalTo(Duration.standardSeconds(1)));
    for (String bad : new String[] {"zero", "word"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> uri.durationOption(bad, Duration.ZERO));
      assertThat(e.getMessage(), containsString("option " + bad + "="));
    }
  }

  /** A URI without secrets is shown as given. */
  @Test
  public void testMaskedKeepsAUriWithoutSecrets() {
    String text = "neo4j://127.0.0.1:7687?user=neo4j&batchSize=500";
    assertThat(SinkUri.parse(text).masked(), equalTo(text));
  }
}
