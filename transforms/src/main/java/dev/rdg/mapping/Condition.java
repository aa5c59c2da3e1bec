package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A test on an event, for a source's {@code filter} and a pattern's {@code when}: {@code {present: f}},
 * {@code {absent: f}}, {@code {field: f, equals: v}}, {@code {field: f, in: [v, …]}}, {@code {not: c}},
 * {@code {and: [c, …]}}, {@code {or: [c, …]}}. Numbers compare by value, other scalars by their text (so a
 * CSV cell {@code "1"} equals {@code 1}); objects and arrays never equal anything.
 */
final class Condition implements Serializable {
  enum Kind {
    PRESENT,
    ABSENT,
    EQUALS,
    IN,
    NOT,
    AND,
    OR
  }

  private final Kind kind;
  private final @Nullable FieldPath field;
  private final List<JsonNode> values;
  private final List<Condition> parts;

  private Condition(Kind kind, @Nullable FieldPath field, List<JsonNode> values, List<Condition> parts) {
    this.kind = kind;
    this.field = field;
    this.values = values;
    this.parts = parts;
  }

  static Condition onField(Kind kind, FieldPath field, List<JsonNode> values) {
    return new Condition(kind, field, List.copyOf(values), List.of());
  }

  static Condition combining(Kind kind, List<Condition> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(kind.name().toLowerCase() + " needs at least one condition");
    }
    return new Condition(kind, null, List.of(), List.copyOf(parts));
  }

  boolean test(Scope scope) {
    switch (kind) {
      case PRESENT:
        return field.find(scope) != null;
      case ABSENT:
        return field.find(scope) == null;
      case EQUALS:
      case IN:
        return isOneOfTheValues(field.find(scope));
      case NOT:
        return !parts.get(0).test(scope);
      case AND:
        for (Condition part : parts) {
          if (!part.test(scope)) {
            return false;
          }
        }
        return true;
      case OR:
        for (Condition part : parts) {
          if (part.test(scope)) {
            return true;
          }
        }
        return false;
      default:
        throw new IllegalStateException(kind.name());
    }
  }

  /** Loops, not streams: patterns' {@code when} tests run several times per event. */
  private boolean isOneOfTheValues(@Nullable JsonNode value) {
    if (value == null) {
      return false;
    }
    for (JsonNode expected : values) {
      if (same(value, expected)) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(JsonNode value, JsonNode expected) {
    if (value.isContainerNode()) {
      return false;
    }
    if (value.isNumber() && expected.isNumber()) {
      return value.decimalValue().compareTo(expected.decimalValue()) == 0;
    }
    return value.asText().equals(expected.asText());
  }

  /** The condition in the mapping's words, for counter names and dead-letter reasons. */
  @Override
  public String toString() {
    switch (kind) {
      case PRESENT:
      case ABSENT:
        return kind.name().toLowerCase() + " " + field;
      case EQUALS:
        return field + " equals " + values.get(0);
      case IN:
        return field + " in " + values.stream().map(JsonNode::toString).collect(Collectors.joining(",", "[", "]"));
      case NOT:
        return "not (" + parts.get(0) + ")";
      default:
        return parts.stream()
            .map(part -> "(" + part + ")")
            .collect(Collectors.joining(" " + kind.name().toLowerCase() + " "));
    }
  }
}
