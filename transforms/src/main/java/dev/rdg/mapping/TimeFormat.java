package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import org.joda.time.Instant;

/** How a source writes its event time. */
public enum TimeFormat {
  /** ISO-8601 text with an offset or {@code Z}, e.g. {@code 2026-03-01T19:00:05Z}. */
  @JsonProperty("iso8601")
  ISO8601 {
    @Override
    Instant parse(JsonNode value) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException("expected ISO-8601 text, got " + value);
      }
      // java.time, not Joda: Joda reads a time without an offset in the JVM's zone, so the same event
      // would get another time on another machine.
      try {
        return new Instant(OffsetDateTime.parse(value.asText()).toInstant().toEpochMilli());
      } catch (DateTimeException | ArithmeticException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }
  },
  /** Milliseconds since the epoch, as a number or numeric text. */
  @JsonProperty("epochMillis")
  EPOCH_MILLIS {
    @Override
    Instant parse(JsonNode value) {
      return new Instant(Math.round(number(value)));
    }
  },
  /** Seconds since the epoch (fractions allowed), as a number or numeric text. */
  @JsonProperty("epochSeconds")
  EPOCH_SECONDS {
    @Override
    Instant parse(JsonNode value) {
      return new Instant(Math.round(number(value) * 1000));
    }
  };

  /** Parses the time, throwing {@link IllegalArgumentException} with the reason. */
  abstract Instant parse(JsonNode value);

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
