package dev.rdg.transforms;

import static dev.rdg.testing.Fixtures.at;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link DivertTooLateEvents}'s settings and deadlines; its behaviour in a pipeline is tested
 * scenario by scenario in {@code EventTimeScenariosTest} (pipelines).
 */
@RunWith(JUnit4.class)
public class DivertTooLateEventsTest {
  private static final Duration MINUTE = Duration.standardMinutes(1);

  /** The deadline is the coalescing window's garbage-collection time: window end − 1 ms + lateness. */
  @Test
  public void testDeadlineOfTheWindow() {
    DivertTooLateEvents.Deadlines deadlines =
        new DivertTooLateEvents.Deadlines(MINUTE, Duration.standardMinutes(2));

    assertThat(deadlines.of(at("19:00:30")), equalTo(at("19:02:59.999")));
  }

  /** Settings are checked when given, with the value in the message. */
  @Test
  public void testRejectsBadDurations() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> DivertTooLateEvents.forWindows(Duration.ZERO, Duration.ZERO))
            .getMessage(),
        containsString("window must be > 0"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> DivertTooLateEvents.forWindows(MINUTE, Duration.millis(-1)))
            .getMessage(),
        containsString("allowedLateness must be >= 0"));
  }
}
