package dev.rdg.mapping;

import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pattern's properties: property name → {@link ValueSpec} ({@code properties: {name: profileName,
 * year: {field: year, type: long}}}). An absent or null field without a default leaves the property out.
 */
public final class PropertyMap implements Serializable {
  static final PropertyMap NONE = new PropertyMap(new LinkedHashMap<>());

  private final LinkedHashMap<String, ValueSpec> values;

  private PropertyMap(LinkedHashMap<String, ValueSpec> values) {
    this.values = values;
  }

  static PropertyMap of(Map<String, ValueSpec> values) {
    values.keySet().forEach(TypeNames::validate);
    return new PropertyMap(new LinkedHashMap<>(values));
  }

  /**
   * The property values this scope gives; {@link IllegalArgumentException} when one cannot be converted.
   * Without properties, the one shared empty map (most patterns of heartbeat-like events have none).
   */
  SortedMap<String, Object> valuesOf(Scope scope) {
    if (values.isEmpty()) {
      return Collections.emptySortedMap();
    }
    SortedMap<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, ValueSpec> property : values.entrySet()) {
      Object value;
      try {
        value = property.getValue().valueOf(scope);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("property '" + property.getKey() + "': " + e.getMessage());
      }
      if (value != null) {
        out.put(property.getKey(), value);
      }
    }
    return out;
  }
}
