package dev.rdg.pipelines;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;
import org.joda.time.Period;

/** Parses the durations of options: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT1M}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or a {@link UsageException} naming the option. */
  public static Duration parse(String option, String text) {
    if (text != null) {
      Matcher m = SHORT.matcher(text.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.millis(n);
          case "s":
            return Duration.standardSeconds(n);
          case "m":
            return Duration.standardMinutes(n);
          case "h":
            return Duration.standardHours(n);
          default:
            return Duration.standardDays(n);
        }
      }
      if (text.startsWith("P")) {
        try {
          return Period.parse(text).toStandardDuration();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          // fall through to the usage message
        }
      }
    }
    throw new UsageException(
        "--" + option + "=" + text + " is not a duration (examples: 500ms, 30s, 1m, 2h, 1d, PT1M)");
  }
}
