package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pattern's properties: property name → field path ({@code properties: {name: profileName}}). JSON
 * integers become longs, fractions doubles, booleans and strings stay as they are, objects and arrays
 * become their JSON text; an absent or null field leaves the property out.
 */
public final class PropertyMap implements Serializable {
  static final PropertyMap NONE = new PropertyMap(new LinkedHashMap<>());

  private final LinkedHashMap<String, FieldPath> fields;

  private PropertyMap(LinkedHashMap<String, FieldPath> fields) {
    this.fields = fields;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PropertyMap of(Map<String, FieldPath> fields) {
    fields.forEach(
        (name, path) -> {
          TypeNames.validate(name);
          Mapping.required(path, "property '" + name + "'");
        });
    return new PropertyMap(new LinkedHashMap<>(fields));
  }

  /** The property values this event gives. */
  public SortedMap<String, Object> valuesOf(JsonNode event) {
    SortedMap<String, Object> values = new TreeMap<>();
    fields.forEach(
        (name, path) -> {
          JsonNode value = path.find(event);
          if (value != null) {
            values.put(name, scalar(value));
          }
        });
    return values;
  }

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
