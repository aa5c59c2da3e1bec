package dev.rdg.mapping;

import dev.rdg.model.TypeNames;
import java.io.Serializable;
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

  /** The property values this scope gives; {@link IllegalArgumentException} when one cannot be converted. */
  SortedMap<String, Object> valuesOf(Scope scope) {
    SortedMap<String, Object> out = new TreeMap<>();
    values.forEach(
        (name, spec) -> {
          Object value;
          try {
            value = spec.valueOf(scope);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property '" + name + "': " + e.getMessage());
          }
          if (value != null) {
            out.put(name, value);
          }
        });
    return out;
  }
}
