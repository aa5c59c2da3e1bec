package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The types a property can be converted to ({@code type: long}) and a schema can demand. A timestamp is
 * stored as ISO-8601 UTC text ({@code 2026-03-01T19:00:05.000Z}).
 */
public enum ValueType {
  STRING,
  LONG,
  DOUBLE,
  BOOLEAN,
  TIMESTAMP;

  /** The type named in a mapping ({@code string}, {@code long}, …), or {@link IllegalArgumentException}. */
  static ValueType named(String name) {
    for (ValueType type : values()) {
      if (type.toString().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + name + "' (expected string, long, double, boolean or timestamp)");
  }

  /** Converts a JSON value, or throws {@link IllegalArgumentException} saying why it cannot be. */
  Object convert(JsonNode value, TimeFormat timeFormat) {
    switch (this) {
      case STRING:
        return value.isValueNode() ? value.asText() : value.toString();
      case LONG:
        if (value.isIntegralNumber() && value.canConvertToLong()) {
          return value.asLong();
        }
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && value.canConvertToLong()) {
          return value.asLong();
        }
        if (value.isTextual()) {
          try {
            return Long.parseLong(value.asText().trim());
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        throw cannot(value);
      case DOUBLE:
        double number;
        if (value.isNumber()) {
          number = value.asDouble();
        } else if (value.isTextual()) {
          try {
            number = Double.parseDouble(value.asText().trim());
          } catch (NumberFormatException e) {
            throw cannot(value);
          }
        } else {
          throw cannot(value);
        }
        if (!Double.isFinite(number)) {
          throw cannot(value);
        }
        return number;
      case BOOLEAN:
        if (value.isBoolean()) {
          return value.asBoolean();
        }
        if (value.isTextual() && value.asText().trim().matches("(?i)true|false")) {
          return Boolean.parseBoolean(value.asText().trim());
        }
        throw cannot(value);
      case TIMESTAMP:
        if (value.isContainerNode()) {
          throw cannot(value);
        }
        return timeFormat.parse(value).toString();
      default:
        throw new IllegalStateException(name());
    }
  }

  /** Whether a property value (String, Long, Double or Boolean) is of this type. */
  boolean matches(Object value) {
    switch (this) {
      case STRING:
        return value instanceof String;
      case LONG:
        return value instanceof Long;
      case DOUBLE:
        return value instanceof Double;
      case BOOLEAN:
        return value instanceof Boolean;
      case TIMESTAMP:
        if (!(value instanceof String)) {
          return false;
        }
        try {
          java.time.Instant.parse((String) value);
          return true;
        } catch (java.time.format.DateTimeParseException e) {
          return false;
        }
      default:
        throw new IllegalStateException(name());
    }
  }

  private IllegalArgumentException cannot(JsonNode value) {
    String text = value.toString();
    return new IllegalArgumentException(
        "cannot convert " + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + " to " + this);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
