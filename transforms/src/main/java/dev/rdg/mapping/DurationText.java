package dev.rdg.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Period;

/**
 * The one duration syntax of rdg, shared by the command line's options and the mapping's {@code retention}:
 * {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 100d}, or ISO-8601 such as {@code PT1M}.
 *
 * <pre>{@code
 * Duration ttl = DurationText.parse("100d");
 * }</pre>
 */
public final class DurationText {
  /** What the error messages show as valid examples. */
  public static final String EXAMPLES = "500ms, 30s, 1m, 2h, 1d, PT1M";

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /** The duration; {@link IllegalArgumentException} when {@code text} is none of the forms above. */
  public static Duration parse(@Nullable String text) {
    if (text != null) {
      Matcher m = SHORT.matcher(text.trim());
      if (m.matches()) {
        try {
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
        } catch (ArithmeticException e) { // more milliseconds than a long holds
          throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
      }
      if (text.startsWith("P")) {
        try {
          return Period.parse(text).toStandardDuration();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          // fall through to the common message
        }
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration (examples: " + EXAMPLES + ")");
  }
}
