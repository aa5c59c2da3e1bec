package dev.rdg.model;

/**
 * The one key encoding of the model: joins components with {@code |}, escaping {@code \} and {@code |} in
 * each component, so distinct component lists never share a key whatever the ids contain ({@code :},
 * {@code |}, quotes, unicode). Because a separator only appears unescaped between components,
 * {@code encode(a, b) + "|"} is a prefix of exactly the keys whose first components are {@code a, b}: the
 * stores rely on that for adjacency scans.
 */
public final class Keys {
  public static final char SEPARATOR = '|';
  private static final char ESCAPE = '\\';

  private Keys() {}

  /** Encodes the components into one collision-free key. */
  public static String encode(String... components) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        key.append(SEPARATOR);
      }
      appendEscaped(key, components[i]);
    }
    return key.toString();
  }

  /** The prefix shared by every key whose first components are {@code components}. */
  public static String prefix(String... components) {
    return encode(components) + SEPARATOR;
  }

  private static void appendEscaped(StringBuilder key, String component) {
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == SEPARATOR || c == ESCAPE) {
        key.append(ESCAPE);
      }
      key.append(c);
    }
  }
}
