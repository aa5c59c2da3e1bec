package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where one property's value comes from: a field ({@code name: profileName}), a template
 * ({@code {template: "${first} ${last}"}}) or a constant ({@code {value: 1}}); optionally converted to a
 * type ({@code {field: year, type: long}}) and defaulted when absent ({@code default: 0}).
 */
final class ValueSpec implements Serializable {
  private final @Nullable FieldPath field;
  private final @Nullable Template template;
  private final @Nullable JsonNode constant;
  private final @Nullable ValueType type;
  private final TimeFormat timeFormat;
  private final @Nullable Object defaultValue;

  ValueSpec(
      @Nullable FieldPath field,
      @Nullable Template template,
      @Nullable JsonNode constant,
      @Nullable ValueType type,
      @Nullable TimeFormat timeFormat,
      @Nullable JsonNode defaultValue) {
    int sources = (field == null ? 0 : 1) + (template == null ? 0 : 1) + (constant == null ? 0 : 1);
    if (sources != 1) {
      throw new IllegalArgumentException("a property needs exactly one of field, template or value");
    }
    this.field = field;
    this.template = template;
    this.constant = constant;
    this.type = type;
    this.timeFormat = timeFormat == null ? TimeFormat.ISO8601 : timeFormat;
    if (timeFormat != null && type != ValueType.TIMESTAMP) {
      throw new IllegalArgumentException("format is only for type: timestamp");
    }
    this.defaultValue = defaultValue == null || defaultValue.isNull() ? null : convert(defaultValue);
    if (constant != null) {
      convert(constant);
    }
  }

  static ValueSpec ofField(FieldPath field) {
    return new ValueSpec(field, null, null, null, null, null);
  }

  /** The value for this scope, or null when it is absent and has no default. */
  @Nullable Object valueOf(Scope scope) {
    JsonNode raw;
    if (field != null) {
      raw = field.find(scope);
      if (raw != null && raw.isTextual()) {
        Template.wellFormed(raw.asText(), field); // UTF-8 coders would turn a lone surrogate into '?', unseen
      }
    } else if (template != null) {
      String rendered = template.render(scope);
      raw = rendered == null ? null : TextNode.valueOf(rendered);
    } else {
      raw = constant;
    }
    return raw == null ? defaultValue : convert(raw);
  }

  private Object convert(JsonNode value) {
    return type == null ? scalar(value) : type.convert(value, timeFormat);
  }

  /** Without a type: integers become longs, fractions doubles, objects and arrays their JSON text. */
  private static Object scalar(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    } else if (value.isNumber()) {
      return value.asDouble();
    } else if (value.isBoolean()) {
      return value.asBoolean();
    } else if (value.isTextual()) {
      return value.asText();
    }
    return value.toString();
  }
}
