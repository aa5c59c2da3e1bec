package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/** Where a source's event time is and how it is written: {@code eventTime: {field: ts, format: iso8601}}. */
public final class EventTimeSpec implements Serializable {
  private final FieldPath field;
  private final TimeFormat format;

  EventTimeSpec(FieldPath field, TimeFormat format) {
    this.field = Mapping.required(field, "field");
    this.format = format == null ? TimeFormat.ISO8601 : format;
  }

  /** The event's time, or {@link IllegalArgumentException} saying why there is none. */
  public Instant timeOf(JsonNode event) {
    JsonNode value = field.find(event);
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is absent");
    }
    try {
      return format.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field + "' is not " + format + ": " + e.getMessage());
    }
  }
}
