package dev.rdg.model;

import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.props;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link Properties}: last write wins per property, and a merge any order of panes agrees on. */
@RunWith(JUnit4.class)
public class PropertiesTest {
  private static final Instant EARLY = at("19:00:00");
  private static final Instant LATE = at("21:59:00");

  /** Values that disagree at different times, at the same time, and across types. */
  private static final List<Properties> SAMPLES =
      List.of(
          Properties.empty(),
          props(EARLY, "plan", "standard", "country", "US"),
          props(LATE, "plan", "premium"),
          props(LATE, "plan", "basic", "level", 4L),
          props(EARLY, "level", 10L, "rating", 4.5),
          props(EARLY, "level", 9L, "rating", 4.25, "phone", true),
          props(LATE, "level", "4", "phone", false),
          props(LATE, "level", 4.0, "country", "NL"));

  /** Per property the later write wins, whichever side of the merge it is on. */
  @Test
  public void testLastWriteWinsPerProperty() {
    Properties earlier = props(EARLY, "plan", "standard", "name", "Zoe");
    Properties later = props(LATE, "plan", "premium");

    Map<String, Object> expected = Map.of("plan", "premium", "name", "Zoe");
    assertEquals(expected, earlier.merge(later).values());
    assertEquals(expected, later.merge(earlier).values());
  }

  /** A property only one side has is kept, with its own stamp. */
  @Test
  public void testDisjointPropertiesAreKeptWithTheirStamps() {
    Properties merged = props(EARLY, "country", "NL").merge(props(LATE, "plan", "basic"));

    // A later write of the same value at EARLY must lose to nothing: the stamp of country is still EARLY.
    assertEquals(merged, merged.merge(props(EARLY, "country", "NL")));
    assertEquals(
        Map.of("country", "DE", "plan", "basic"),
        merged.merge(props(EARLY.plus(1), "country", "DE")).values());
  }

  /** Equal stamps: the larger string wins, in either order. */
  @Test
  public void testTieBrokenByLargerString() {
    Properties basic = props(LATE, "plan", "basic");
    Properties premium = props(LATE, "plan", "premium");

    assertEquals(premium, basic.merge(premium));
    assertEquals(premium, premium.merge(basic));
  }

  /** Equal stamps: the larger number wins, compared as numbers, in either order. */
  @Test
  public void testTieBrokenByLargerNumber() {
    assertTieWinner(props(LATE, "level", 10L), props(LATE, "level", 9L));
    assertTieWinner(props(LATE, "rating", 10.5), props(LATE, "rating", 9.75));
    assertTieWinner(props(LATE, "rating", 0.0), props(LATE, "rating", -0.0));
    assertTieWinner(props(LATE, "phone", true), props(LATE, "phone", false));
  }

  /** Equal stamps and values of different types: one wins, the same in either order. */
  @Test
  public void testTieAcrossTypesIsDeterministic() {
    Properties text = props(LATE, "level", "4");
    Properties number = props(LATE, "level", 4L);
    Properties fraction = props(LATE, "level", 4.0);

    assertEquals(text.merge(number), number.merge(text));
    assertEquals(text.merge(fraction), fraction.merge(text));
    assertEquals(number.merge(fraction), fraction.merge(number));
  }

  /** {@code a.merge(b) == b.merge(a)} for every pair of samples. */
  @Test
  public void testMergeIsCommutative() {
    for (Properties a : SAMPLES) {
      for (Properties b : SAMPLES) {
        assertEquals(a + " with " + b, a.merge(b), b.merge(a));
      }
    }
  }

  /** {@code (a.merge(b)).merge(c) == a.merge(b.merge(c))} for every triple of samples. */
  @Test
  public void testMergeIsAssociative() {
    for (Properties a : SAMPLES) {
      for (Properties b : SAMPLES) {
        for (Properties c : SAMPLES) {
          assertEquals(a + ", " + b + ", " + c, a.merge(b).merge(c), a.merge(b.merge(c)));
        }
      }
    }
  }

  /** Merging properties with themselves, or with what they already contain, changes nothing. */
  @Test
  public void testMergeIsIdempotent() {
    for (Properties a : SAMPLES) {
      assertEquals(a, a.merge(a));
      for (Properties b : SAMPLES) {
        assertEquals(a.merge(b), a.merge(b).merge(b));
      }
    }
  }

  /** The empty properties are the identity of the merge. */
  @Test
  public void testEmptyIsNeutral() {
    Properties some = props(EARLY, "plan", "basic");
    assertSame(some, some.merge(Properties.empty()));
    assertSame(some, Properties.empty().merge(some));
    assertEquals(true, Properties.empty().isEmpty());
  }

  /** The same value stamped at another time is another property value. */
  @Test
  public void testEqualityIncludesTheStamp() {
    assertEquals(props(EARLY, "plan", "basic"), props(EARLY, "plan", "basic"));
    assertEquals(props(EARLY, "plan", "basic").hashCode(), props(EARLY, "plan", "basic").hashCode());
    assertEquals(false, props(EARLY, "plan", "basic").equals(props(LATE, "plan", "basic")));
  }

  /** Integers become longs; values come back sorted by name. */
  @Test
  public void testIntegersBecomeLongsAndValuesAreSorted() {
    Properties properties = props(EARLY, "b", 4, "a", "x", "c", 2.5);

    assertEquals(4L, properties.values().get("b"));
    assertThat(properties.values().keySet(), contains("a", "b", "c"));
  }

  /** Values other than strings, longs, doubles and booleans are rejected, naming the property. */
  @Test
  public void testUnsupportedValuesAreRejected() {
    for (Object value : new Object[] {1.5f, List.of("a"), new Object(), 'c'}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> props(EARLY, "odd", value));
      assertThat(e.getMessage(), containsString("'odd'"));
    }
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("gone", null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Properties.of(withNull, EARLY));
    assertThat(e.getMessage(), containsString("'gone'"));
  }

  private static void assertTieWinner(Properties larger, Properties smaller) {
    assertEquals(Arrays.asList(larger, larger), List.of(larger.merge(smaller), smaller.merge(larger)));
  }
}
