package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A dotted path into an event ({@code device.id}); a numeric segment also indexes an array
 * ({@code titles.0}). Inside a {@code forEach} pattern, a path starting with {@code item} starts at the
 * current array element.
 */
public final class FieldPath implements Serializable {
  private final String path;
  private final String[] segments;

  private FieldPath(String path) {
    this.path = path;
    this.segments = path.split("\\.", -1);
  }

  public static FieldPath parse(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("field path is empty");
    }
    FieldPath parsed = new FieldPath(path);
    for (String segment : parsed.segments) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("field path '" + path + "' has an empty segment");
      }
    }
    return parsed;
  }

  /** The value at this path, or null when it is absent or JSON null. */
  public @Nullable JsonNode find(JsonNode root) {
    return walk(root, 0);
  }

  @Nullable JsonNode find(Scope scope) {
    if (scope.item != null && segments[0].equals(Scope.ITEM)) {
      return scope.item.isNull() ? null : walk(scope.item, 1);
    }
    return walk(scope.event, 0);
  }

  private @Nullable JsonNode walk(JsonNode root, int from) {
    JsonNode node = root;
    for (int i = from; i < segments.length; i++) {
      String segment = segments[i];
      node = node.isArray() && isIndex(segment) ? node.get(Integer.parseInt(segment)) : node.get(segment);
      if (node == null || node.isNull()) {
        return null;
      }
    }
    return node;
  }

  private static boolean isIndex(String segment) {
    return segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
  }

  @Override
  public String toString() {
    return path;
  }
}
