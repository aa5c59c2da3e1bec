package dev.rdg.mapping;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one mapping file, each as {@code origin:line:column: message (at path)}. */
final class Problems {
  private final String origin;
  private final List<String> messages = new ArrayList<>();

  Problems(String origin) {
    this.origin = origin;
  }

  void add(YamlNode at, String message) {
    messages.add(
        origin + ":" + at.line + ":" + at.column + ": " + message
            + (at.path.isEmpty() ? "" : " (at " + at.path + ")"));
  }

  int count() {
    return messages.size();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  List<String> messages() {
    return List.copyOf(messages);
  }
}
