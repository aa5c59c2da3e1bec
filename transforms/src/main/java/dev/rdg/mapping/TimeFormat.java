package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/** How a source writes its event time. */
public enum TimeFormat {
  /** ISO-8601 text with an offset or {@code Z}, e.g. {@code 2026-03-01T19:00:05Z}. */
  ISO8601("iso8601") {
    @Override
    Instant read(JsonNode value) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException("expected ISO-8601 text, got " + value);
      }
      // java.time's rules, not Joda's: Joda reads a time without an offset in the JVM's zone, so the same
      // event would get another time on another machine.
      try {
        return new Instant(IsoInstants.epochMillis(value.asText()));
      } catch (DateTimeException | ArithmeticException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }
  },
  /** Milliseconds since the epoch, as a number or numeric text. */
  EPOCH_MILLIS("epochMillis") {
    @Override
    Instant read(JsonNode value) {
      return new Instant(Math.round(number(value)));
    }
  },
  /** Seconds since the epoch (fractions allowed), as a number or numeric text. */
  EPOCH_SECONDS("epochSeconds") {
    @Override
    Instant read(JsonNode value) {
      return new Instant(Math.round(number(value) * 1000));
    }
  };

  private final String mappingName;

  TimeFormat(String mappingName) {
    this.mappingName = mappingName;
  }

  /** The format a mapping names ({@code iso8601}, {@code epochMillis}, {@code epochSeconds}). */
  static TimeFormat named(String name) {
    for (TimeFormat format : values()) {
      if (format.mappingName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown time format '" + name + "' (expected iso8601, epochMillis or epochSeconds)");
  }

  /** Parses the time, throwing {@link IllegalArgumentException} with the reason. */
  Instant parse(JsonNode value) {
    Instant time = read(value);
    // Beyond these an element cannot be output with its time, and the whole bundle would fail.
    if (time.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        || time.isAfter(GlobalWindow.INSTANCE.maxTimestamp())) {
      throw new IllegalArgumentException("out of range: " + value);
    }
    return time;
  }

  abstract Instant read(JsonNode value);

  @Override
  public String toString() {
    return mappingName;
  }

  private static double number(JsonNode value) {
    double number;
    try {
      number = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got " + value);
    }
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException("expected a finite number, got " + value);
    }
    return number;
  }
}
