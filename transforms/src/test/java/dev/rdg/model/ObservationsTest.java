package dev.rdg.model;

import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.props;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link Observations}: the merge that coalescing and sinks share. */
@RunWith(JUnit4.class)
public class ObservationsTest {
  private static final Observations LOGIN =
      Observations.once(props(at("19:19:00"), "name", "Zoe", "plan", "standard"), at("19:19:00"));
  private static final Observations RENAME =
      Observations.once(props(at("21:40:00"), "name", "Zoë"), at("21:40:00"));
  private static final Observations WINDOW =
      Observations.of(props(at("20:00:30"), "plan", "premium"), at("20:00:00"), at("20:00:30"), 3);

  private static final List<Observations> SAMPLES = List.of(LOGIN, RENAME, WINDOW);

  /** One event's assertion is seen once, first and last at the event's time. */
  @Test
  public void testOnceIsOneEventAtItsTime() {
    Observations once = Observations.once(props(at("19:19:00"), "name", "Zoe"), at("19:19:00"));

    assertEquals(
        Observations.of(props(at("19:19:00"), "name", "Zoe"), at("19:19:00"), at("19:19:00"), 1), once);
  }

  /** First seen is the minimum, last seen the maximum, whichever side holds them. */
  @Test
  public void testMergeTakesMinFirstSeenAndMaxLastSeen() {
    Observations merged = RENAME.merge(WINDOW).merge(LOGIN);

    assertEquals(at("19:19:00"), merged.firstSeen());
    assertEquals(at("21:40:00"), merged.lastSeen());
  }

  /** Counts add up: three events and one event are four. */
  @Test
  public void testMergeAddsCounts() {
    assertEquals(4, WINDOW.merge(RENAME).count());
    assertEquals(5, WINDOW.merge(RENAME).merge(LOGIN).count());
  }

  /** Properties merge last-write-wins per property. */
  @Test
  public void testMergeTakesLatestPropertyValues() {
    assertEquals(
        Map.of("name", "Zoë", "plan", "premium"), LOGIN.merge(RENAME).merge(WINDOW).properties().values());
  }

  /** {@code a.merge(b) == b.merge(a)}. */
  @Test
  public void testMergeIsCommutative() {
    for (Observations a : SAMPLES) {
      for (Observations b : SAMPLES) {
        assertEquals(a.merge(b), b.merge(a));
      }
    }
  }

  /** {@code (a.merge(b)).merge(c) == a.merge(b.merge(c))}. */
  @Test
  public void testMergeIsAssociative() {
    for (Observations a : SAMPLES) {
      for (Observations b : SAMPLES) {
        for (Observations c : SAMPLES) {
          assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        }
      }
    }
  }

  /** A sink replacing a window's share changes the count and nothing else. */
  @Test
  public void testWithCountReplacesOnlyTheCount() {
    Observations replaced = WINDOW.withCount(7);

    assertEquals(7, replaced.count());
    assertEquals(WINDOW.properties(), replaced.properties());
    assertEquals(WINDOW.firstSeen(), replaced.firstSeen());
    assertEquals(WINDOW.lastSeen(), replaced.lastSeen());
  }

  /** First seen after last seen is rejected. */
  @Test
  public void testRejectsFirstSeenAfterLastSeen() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Observations.of(Properties.empty(), at("20:00:01"), at("20:00:00"), 1));
    assertThat(e.getMessage(), containsString("after lastSeen"));
  }

  /** A count below one is rejected. */
  @Test
  public void testRejectsCountBelowOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Observations.of(Properties.empty(), at("20:00:00"), at("20:00:00"), 0));
    assertThat(e.getMessage(), containsString("count must be >= 1"));
  }
}
