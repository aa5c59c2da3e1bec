package dev.rdg.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates node, edge and property type names. Names become labels, relationship types, table and topic
 * names in the sinks, so only {@code [A-Za-z_][A-Za-z0-9_]*} is accepted: nothing a query language could
 * read as syntax ever reaches a sink.
 */
public final class TypeNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_LENGTH = 128;
  /**
   * Names already found valid: a mapping has a handful of types and every assertion checks its own, so
   * the pattern runs once per name instead of once per assertion. Bounded, in case names come from data.
   */
  private static final Set<String> KNOWN_VALID = ConcurrentHashMap.newKeySet();
  private static final int MAX_KNOWN = 4096;

  private TypeNames() {}

  /** Whether {@code name} is a valid type name. */
  public static boolean isValid(String name) {
    return name != null
        && (KNOWN_VALID.contains(name) || (name.length() <= MAX_LENGTH && VALID.matcher(name).matches()));
  }

  /** Returns {@code name} if it is a valid type name, else throws with the reason. */
  public static String validate(String name) {
    if (name != null && KNOWN_VALID.contains(name)) {
      return name;
    }
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          "invalid type name '" + name + "': must match [A-Za-z_][A-Za-z0-9_]* (at most " + MAX_LENGTH
              + " characters)");
    }
    if (KNOWN_VALID.size() < MAX_KNOWN) {
      KNOWN_VALID.add(name);
    }
    return name;
  }
}
