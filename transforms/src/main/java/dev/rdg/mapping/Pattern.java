package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What node and edge patterns share: the element type, properties, enrichments from lookup tables, an
 * optional condition ({@code when}) and an optional fan-out ({@code forEach: titles}: the pattern applies
 * once per element of the array, which its templates and fields name {@code item}).
 */
abstract class Pattern implements Serializable {
  private final String type;
  private final PropertyMap properties;
  private final @Nullable Condition when;
  private final @Nullable FieldPath forEach;
  private final List<Enrichment> enrichments;

  Pattern(
      String type,
      @Nullable PropertyMap properties,
      @Nullable Condition when,
      @Nullable FieldPath forEach,
      @Nullable List<Enrichment> enrichments) {
    this.type = TypeNames.validate(type);
    this.properties = properties == null ? PropertyMap.NONE : properties;
    this.when = when;
    this.forEach = forEach;
    this.enrichments = enrichments == null ? List.of() : List.copyOf(enrichments);
  }

  String type() {
    return type;
  }

  PropertyMap properties() {
    return properties;
  }

  @Nullable Condition when() {
    return when;
  }

  List<Enrichment> enrichments() {
    return enrichments;
  }

  /** The scopes the pattern applies in: the event's, or one per element of its {@code forEach} array. */
  List<Scope> scopes(Scope eventScope) {
    if (forEach == null) {
      return List.of(eventScope);
    }
    JsonNode event = eventScope.event;
    JsonNode array = forEach.find(event);
    if (array == null) {
      return List.of();
    }
    if (!array.isArray()) {
      return List.of(new Scope(event, array));
    }
    List<Scope> scopes = new ArrayList<>(array.size());
    array.forEach(element -> scopes.add(new Scope(event, element)));
    return scopes;
  }
}
