package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/** Where a source's event time is and how it is written: {@code eventTime: {field: ts, format: iso8601}}. */
public final class EventTimeSpec implements Serializable {
  private final FieldPath field;
  private final TimeFormat format;

  @JsonCreator
  public EventTimeSpec(
      @JsonProperty(value = "field", required = true) FieldPath field,
      @JsonProperty("format") TimeFormat format) {
    this.field = Mapping.required(field, "field");
    this.format = format == null ? TimeFormat.ISO8601 : format;
  }

  /** The event's time, or {@link IllegalArgumentException} saying why there is none. */
  public Instant timeOf(JsonNode event) {
    JsonNode value = field.find(event);
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is absent");
    }
    Instant time;
    try {
      time = format.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "field '" + field + "' is not " + format.name().toLowerCase() + ": " + e.getMessage());
    }
    // Beyond these an element cannot be output with its time, and the whole bundle would fail.
    if (time.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        || time.isAfter(GlobalWindow.INSTANCE.maxTimestamp())) {
      throw new IllegalArgumentException("field '" + field + "' is out of range: " + value);
    }
    return time;
  }
}
