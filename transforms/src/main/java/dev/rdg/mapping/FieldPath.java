package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A dotted path into a JSON event ({@code device.id}); a numeric segment also indexes an array
 * ({@code titles.0}).
 */
public final class FieldPath implements Serializable {
  private final String path;
  private final String[] segments;

  private FieldPath(String path) {
    this.path = path;
    this.segments = path.split("\\.", -1);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
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
    JsonNode node = root;
    for (String segment : segments) {
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
