package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Properties a pattern takes from a lookup table: {@code {lookup: titles, key: "${titleId}", properties:
 * {genre: genre}}}. The key is rendered from the event; the properties' fields are read from the row.
 */
final class Enrichment implements Serializable {
  private final String lookup;
  private final Template key;
  private final PropertyMap properties;

  Enrichment(String lookup, Template key, PropertyMap properties) {
    this.lookup = lookup;
    this.key = key;
    this.properties = properties;
  }

  /** The row's properties, or null when the key is missing from the event or the table. */
  @Nullable SortedMap<String, Object> valuesOf(Scope scope, Map<String, Map<String, JsonNode>> tables) {
    String id = key.render(scope);
    JsonNode row = id == null ? null : tables.getOrDefault(lookup, Map.of()).get(id);
    return row == null ? null : new TreeMap<>(properties.valuesOf(Scope.of(row)));
  }
}
