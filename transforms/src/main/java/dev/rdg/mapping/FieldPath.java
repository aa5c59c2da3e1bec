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
  /** Each segment as an array index, or -1 when it is not a number. */
  private final int[] indices;

  private FieldPath(String path) {
    this.path = path;
    this.segments = path.split("\\.", -1);
    this.indices = new int[segments.length];
    for (int i = 0; i < segments.length; i++) {
      indices[i] = isIndex(segments[i]) ? Integer.parseInt(segments[i]) : -1;
    }
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
      node = node.isArray() && indices[i] >= 0 ? node.get(indices[i]) : node.get(segments[i]);
      if (node == null || node.isNull()) {
        return null;
      }
    }
    return node;
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
  }

  @Override
  public String toString() {
    return path;
  }
}
