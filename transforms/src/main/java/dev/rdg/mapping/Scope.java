package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What field paths are resolved against: the event, and inside a pattern with {@code forEach} the current
 * array element, named {@code item} ({@code ${item.id}}).
 */
final class Scope {
  static final String ITEM = "item";

  final JsonNode event;
  final @Nullable JsonNode item;

  Scope(JsonNode event, @Nullable JsonNode item) {
    this.event = event;
    this.item = item;
  }

  static Scope of(JsonNode event) {
    return new Scope(event, null);
  }
}
