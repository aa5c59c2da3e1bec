package dev.rdg.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The problems found in one mapping file, each as {@code origin:line:column: message (at path)}. */
final class Problems {
  private final String origin;
  /** Line, column, message: sorted by place when reported. */
  private final List<Object[]> messages = new ArrayList<>();

  Problems(String origin) {
    this.origin = origin;
  }

  void add(YamlNode at, String message) {
    messages.add(
        new Object[] {
          at.line,
          at.column,
          origin + ":" + at.line + ":" + at.column + ": " + message
              + (at.path.isEmpty() ? "" : " (at " + at.path + ")")
        });
  }

  int count() {
    return messages.size();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /** The problems in the order of the file. */
  List<String> messages() {
    return messages.stream()
        .sorted(Comparator.<Object[]>comparingInt(m -> (int) m[0]).thenComparingInt(m -> (int) m[1]))
        .map(m -> (String) m[2])
        .collect(Collectors.toList());
  }
}
