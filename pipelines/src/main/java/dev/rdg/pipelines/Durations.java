package dev.rdg.pipelines;

import dev.rdg.mapping.DurationText;
import org.joda.time.Duration;

/** Parses the durations of options in {@link DurationText}'s syntax: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT1M}. */
public final class Durations {
  private Durations() {}

  /** The duration, or a {@link UsageException} naming the option. */
  public static Duration parse(String option, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--" + option + "=" + text + " is not a duration (examples: " + DurationText.EXAMPLES + ")");
    }
  }
}
