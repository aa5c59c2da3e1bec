package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A template: literal text and {@code ${fieldPath}} placeholders, e.g. {@code "${accountId}/${idx}"};
 * {@code "${titleId}"} takes the value of one field. Rendering fails (empty) when a field it needs is
 * absent, null, empty or not a scalar, so a pattern never asserts an element with a half-made id; a field
 * with an unpaired surrogate is a bad value ({@link IllegalArgumentException}), see {@link #wellFormed}.
 */
public final class Template implements Serializable {
  private final String text;
  /** Literal strings and {@link FieldPath}s, in order. */
  private final Object[] parts;

  private Template(String text, List<Object> parts) {
    this.text = text;
    this.parts = parts.toArray();
  }

  public static Template parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("template is empty");
    }
    List<Object> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        parts.add(text.substring(at));
        break;
      }
      if (open > at) {
        parts.add(text.substring(at, open));
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("template '" + text + "' has an unclosed ${");
      }
      try {
        parts.add(FieldPath.parse(text.substring(open + 2, close)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("template '" + text + "': " + e.getMessage());
      }
      at = close + 1;
    }
    return new Template(text, parts);
  }

  /** The rendered text, or empty when a field is missing. */
  public Optional<String> render(JsonNode event) {
    return Optional.ofNullable(render(Scope.of(event)));
  }

  /** The rendered text, or null when a field is missing: no {@code Optional} per pattern and event. */
  @Nullable String render(Scope scope) {
    if (parts.length == 1 && parts[0] instanceof FieldPath) {
      return textOf((FieldPath) parts[0], scope);
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Object part : parts) {
      if (part instanceof FieldPath) {
        String value = textOf((FieldPath) part, scope);
        if (value == null) {
          return null;
        }
        out.append(value);
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

  /** The field's text, or null when it is absent, null, empty or not a scalar. */
  private static @Nullable String textOf(FieldPath field, Scope scope) {
    JsonNode value = field.find(scope);
    if (value == null || value.isContainerNode()) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() ? null : wellFormed(text, field);
  }

  /**
   * The field's text, or {@link IllegalArgumentException} when it has an unpaired UTF-16 surrogate (JSON
   * can escape one): UTF-8 encoding, in coders and in the hash of an event's key, turns each into {@code ?},
   * so two different ids would name one node or one event.
   */
  static String wellFormed(String text, FieldPath field) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException("field '" + field + "' has an unpaired surrogate");
        }
      }
    }
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
