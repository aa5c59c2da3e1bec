package dev.rdg.mapping;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The fast path of {@link IsoInstants} reads every text exactly as {@link OffsetDateTime#parse} does. */
@RunWith(JUnit4.class)
public class IsoInstantsTest {
  /** The canonical shape is read by the fast path, not handed to java.time. */
  @Test
  public void readsCanonicalTimesDirectly() {
    assertThat(IsoInstants.canonical("1970-01-01T00:00:00Z"), equalTo(0L));
    assertThat(IsoInstants.canonical("2026-03-01T19:00:05Z"), equalTo(1_772_391_605_000L));
    assertThat(IsoInstants.canonical("2026-03-01T20:00:05.250+01:00"), equalTo(1_772_391_605_250L));
    assertThat(IsoInstants.canonical("2026-03-01T18:00:05.25-01:00"), equalTo(1_772_391_605_250L));
    assertThat(IsoInstants.canonical("1969-12-31T23:59:59.999Z"), equalTo(-1L));
    assertThat(IsoInstants.canonical("2026-03-01t19:00:05Z"), equalTo(IsoInstants.NOT_CANONICAL));
    assertThat(IsoInstants.epochMillis("2026-03-01t19:00:05Z"), equalTo(1_772_391_605_000L));
  }

  @Test
  public void agreesWithJavaTimeOnEdgeCases() {
    for (String text :
        List.of(
            "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z", "2026-01-01t10:00:00Z", "2026-01-01T10:00:00z", "2026-01-01T10:00Z",
            "2026-01-01T10:00:00.Z", "2026-01-01T10:00:00.1Z", "2026-01-01T10:00:00.123456789Z",
            "2026-01-01T10:00:00.1234567891Z", "2026-01-01T10:00:00+18:00", "2026-01-01T10:00:00-18:00",
            "2026-01-01T10:00:00+17:59", "2026-01-01T10:00:00+01:00:30", "2026-01-01T10:00:00+0100",
            "2026-01-01T10:00:00-00:00", "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "+12026-01-01T10:00:00Z",
            "0000-01-01T00:00:00Z", "2026-01-01T10:00:00Z ", " 2026-01-01T10:00:00Z", "2026-1-01T10:00:00Z",
            "2026-01-01T10:00:00+01:0x", "2026-01-01T10:00:00.12a+01:00", "2026-01-01T10:0a:00Z", "")) {
      assertSameAsJavaTime(text);
    }
  }

  @Test
  public void agreesWithJavaTimeOnRandomTimes() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  random.nextInt(10_000), random.nextInt(14), random.nextInt(33), random.nextInt(25),
                  random.nextInt(61), random.nextInt(61)));
      if (random.nextBoolean()) {
        text.append('.').append(String.valueOf(random.nextLong() & Long.MAX_VALUE), 0, 1 + random.nextInt(10));
      }
      if (random.nextInt(3) == 0) {
        text.append('Z');
      } else {
        text.append(String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(61)));
      }
      assertSameAsJavaTime(text.toString());
    }
  }

  private static void assertSameAsJavaTime(String text) {
    long expected;
    try {
      expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      DateTimeException thrown = assertThrows(text, DateTimeException.class, () -> IsoInstants.epochMillis(text));
      assertThat(text, thrown.getMessage(), equalTo(e.getMessage()));
      return;
    }
    assertThat(text, IsoInstants.epochMillis(text), equalTo(expected));
  }
}
