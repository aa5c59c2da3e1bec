package dev.rdg.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link TypeNames}: type names reach sinks as labels, tables and topics, so only
 * {@code [A-Za-z_][A-Za-z0-9_]*} of at most 128 characters passes.
 */
@RunWith(JUnit4.class)
public class TypeNamesTest {
  /** Letters, digits after the first character, and underscores are accepted unchanged. */
  @Test
  public void testAcceptsLettersDigitsAndUnderscores() {
    for (String name : new String[] {"a", "Z", "_", "_private", "has_profile", "Account2", "x_1_y"}) {
      assertEquals(name, TypeNames.validate(name));
    }
  }

  /** A name of exactly 128 characters is accepted. */
  @Test
  public void testAcceptsMaximumLength() {
    String name = "a".repeat(128);
    assertEquals(name, TypeNames.validate(name));
  }

  /** A Cypher injection never becomes a label. */
  @Test
  public void testRejectsCypherInjection() {
    assertRejected("Person) DETACH DELETE n //");
  }

  /** An SQL injection never becomes a table name. */
  @Test
  public void testRejectsSqlInjection() {
    assertRejected("x; DROP TABLE");
  }

  /** A hyphen is not a name character. */
  @Test
  public void testRejectsHyphen() {
    assertRejected("a-b");
  }

  /** A name cannot start with a digit. */
  @Test
  public void testRejectsLeadingDigit() {
    assertRejected("1a");
  }

  /** The empty name is rejected. */
  @Test
  public void testRejectsEmpty() {
    assertRejected("");
  }

  /** A 200-character name is too long. */
  @Test
  public void testRejectsOverlongName() {
    assertRejected("a".repeat(200));
    assertRejected("a".repeat(129));
  }

  /** Spaces, dots, quotes, backticks and line breaks are rejected. */
  @Test
  public void testRejectsPunctuationAndWhitespace() {
    for (String name : new String[] {"a b", "a.b", "a'b", "a\"b", "`a`", "a\nb", " a", "a:b", "a|b"}) {
      assertRejected(name);
    }
  }

  /** Letters outside ASCII are rejected: every sink can take the name as it is. */
  @Test
  public void testRejectsNonAsciiLetters() {
    assertRejected("naïve");
    assertRejected("ａ");
  }

  /** A missing name is rejected with a message, not a NullPointerException. */
  @Test
  public void testRejectsNull() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TypeNames.validate(null));
    assertThat(e.getMessage(), containsString("invalid type name"));
  }

  /** Node and edge references validate their types on creation. */
  @Test
  public void testRefsValidateTheirTypes() {
    NodeRef account = NodeRef.of("account", "a1");
    assertThrows(IllegalArgumentException.class, () -> NodeRef.of("Person) DETACH DELETE n //", "a1"));
    assertThrows(
        IllegalArgumentException.class, () -> EdgeRef.of("x; DROP TABLE", account, account));
  }

  private static void assertRejected(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TypeNames.validate(name));
    assertThat(e.getMessage(), containsString("'" + name + "'"));
    assertThat(e.getMessage(), containsString("[A-Za-z_][A-Za-z0-9_]*"));
  }
}
