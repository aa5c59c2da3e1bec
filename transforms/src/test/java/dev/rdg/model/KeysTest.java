package dev.rdg.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link Keys}: one collision-free key per component list, and prefixes for adjacency scans. */
@RunWith(JUnit4.class)
public class KeysTest {
  /** Ids that contain the separator, the escape, both, colons, quotes and characters outside ASCII. */
  private static final List<String> TRICKY_IDS =
      List.of(
          "a", "b", "ab", "a|b", "a|", "|a", "|", "||", "\\", "\\\\", "a\\", "\\b", "a\\|b", "a\\\\|b",
          "a:b", "a::b", "'a'", "\"a\"", "a\"|\"b", "Zoë", "Kids 🧸", "今際の国のアリス", "");

  /** Moving a separator from one id to the next gives another key. */
  @Test
  public void testSeparatorInIdDoesNotCollide() {
    assertNotEquals(Keys.encode("a|b", "c"), Keys.encode("a", "b|c"));
    assertNotEquals(Keys.encode("t", "a|b"), Keys.encode("t", "a", "b"));
  }

  /** An escape character at the end of an id cannot swallow the separator after it. */
  @Test
  public void testEscapeCharacterInIdDoesNotCollide() {
    assertNotEquals(Keys.encode("a\\", "b"), Keys.encode("a", "\\b"));
    assertNotEquals(Keys.encode("a\\", "|b"), Keys.encode("a\\|", "b"));
    assertNotEquals(Keys.encode("t", "a\\|b"), Keys.encode("t", "a\\", "b"));
  }

  /** Colons, quotes and unicode are ordinary characters of an id. */
  @Test
  public void testColonsQuotesAndUnicodeKeepKeysDistinct() {
    assertNotEquals(Keys.encode("device", "a:b"), Keys.encode("device:a", "b"));
    assertNotEquals(Keys.encode("profile", "\"a\""), Keys.encode("profile", "'a'"));
    assertNotEquals(Keys.encode("profile", "Zoë"), Keys.encode("profile", "Zoe"));
    assertNotEquals(Keys.encode("title", "今際の国"), Keys.encode("title", "今際の国のアリス"));
  }

  /** Every pair and every triple of tricky ids has a key of its own. */
  @Test
  public void testAllCombinationsOfTrickyIdsGiveDistinctKeys() {
    Map<String, List<String>> owners = new HashMap<>();
    for (String first : TRICKY_IDS) {
      for (String second : TRICKY_IDS) {
        assertUnique(owners, List.of(first, second));
        for (String third : TRICKY_IDS) {
          assertUnique(owners, List.of(first, second, third));
        }
      }
    }
  }

  /** The prefix of id {@code a} is not a prefix of the keys of ids {@code a|b} or {@code ab}. */
  @Test
  public void testPrefixOfIdIsNotPrefixOfLongerIds() {
    String prefix = Keys.prefix("t", "a");
    assertThat(Keys.encode("t", "a|b"), not(startsWith(prefix)));
    assertThat(Keys.encode("t", "ab"), not(startsWith(prefix)));
    assertThat(Keys.encode("t", "a|b", "x"), not(startsWith(prefix)));
    assertThat(Keys.encode("t", "ab", "x"), not(startsWith(prefix)));
  }

  /** A prefix starts exactly the keys whose first components are its components, whatever the ids hold. */
  @Test
  public void testPrefixStartsExactlyTheKeysWithThoseFirstComponents() {
    for (String scanned : TRICKY_IDS) {
      String prefix = Keys.prefix("follows", scanned);
      for (String first : TRICKY_IDS) {
        for (String rest : TRICKY_IDS) {
          String key = Keys.encode("follows", first, rest);
          assertThat(
              "prefix of '" + scanned + "' on key of '" + first + "', '" + rest + "'",
              key.startsWith(prefix),
              is(first.equals(scanned)));
        }
      }
    }
  }

  /** Node and edge keys are the one encoding of their components. */
  @Test
  public void testRefKeysUseTheEncoding() {
    NodeRef profile = NodeRef.of("profile", "a1|0");
    NodeRef title = NodeRef.of("title", "tt:0042|a");
    EdgeRef watching = EdgeRef.of("started_watching", profile, title);

    assertEquals(Keys.encode("profile", "a1|0"), profile.key());
    assertEquals(
        Keys.encode("started_watching", "profile", "a1|0", "title", "tt:0042|a"), watching.key());
    assertThat(watching.key(), startsWith(Keys.prefix("started_watching", "profile", "a1|0")));
  }

  private static void assertUnique(Map<String, List<String>> owners, List<String> components) {
    List<String> owner = owners.putIfAbsent(Keys.encode(components.toArray(new String[0])), components);
    if (owner != null) {
      assertEquals("components sharing a key", owner, components);
    }
  }
}
