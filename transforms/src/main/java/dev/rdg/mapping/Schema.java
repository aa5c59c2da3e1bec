package dev.rdg.mapping;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The optional typed schema of a mapping: per node and edge type, its properties with their types and the
 * required ones. A type the schema does not name is unchecked.
 *
 * <pre>{@code
 * schema:
 *   nodes:
 *     title: {properties: {name: string, year: long}, required: [name]}
 * }</pre>
 */
final class Schema implements Serializable {
  static final Schema NONE = new Schema(Map.of(), Map.of());

  private final Map<String, TypeSchema> nodes;
  private final Map<String, TypeSchema> edges;

  Schema(Map<String, TypeSchema> nodes, Map<String, TypeSchema> edges) {
    this.nodes = new LinkedHashMap<>(nodes);
    this.edges = new LinkedHashMap<>(edges);
  }

  /** Whether the schema names no type, so nothing needs checking. */
  boolean isEmpty() {
    return nodes.isEmpty() && edges.isEmpty();
  }

  @Nullable TypeSchema node(String type) {
    return nodes.get(type);
  }

  @Nullable TypeSchema edge(String type) {
    return edges.get(type);
  }

  /** One type's properties and required properties. */
  static final class TypeSchema implements Serializable {
    private final LinkedHashMap<String, ValueType> properties;
    private final List<String> required;

    TypeSchema(Map<String, ValueType> properties, List<String> required) {
      this.properties = new LinkedHashMap<>(properties);
      this.required = List.copyOf(required);
      for (String name : required) {
        if (!properties.containsKey(name)) {
          throw new IllegalArgumentException("required property '" + name + "' is not among the properties");
        }
      }
    }

    /**
     * What is wrong with these values, or null. {@code complete}: the assertion came from a pattern of this
     * type (an edge's end nodes carry no properties, so required ones are not demanded of them).
     */
    @Nullable String violation(Map<String, Object> values, boolean complete) {
      for (Map.Entry<String, Object> value : values.entrySet()) {
        ValueType type = properties.get(value.getKey());
        if (type == null) {
          return "property '" + value.getKey() + "' is not in the schema";
        }
        if (!type.matches(value.getValue())) {
          return "property '" + value.getKey() + "' must be " + type + ", got "
              + value.getValue().getClass().getSimpleName().toLowerCase() + " " + value.getValue();
        }
      }
      if (complete) {
        for (String name : required) {
          if (!values.containsKey(name)) {
            return "required property '" + name + "' is missing";
          }
        }
      }
      return null;
    }
  }
}
