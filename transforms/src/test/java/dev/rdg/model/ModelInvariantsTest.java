package dev.rdg.model;

import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.delivery;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for what the model refuses to build: nodes without ids, assertions of nothing or of two things. */
@RunWith(JUnit4.class)
public class ModelInvariantsTest {
  /** A node id is opaque but never empty or missing. */
  @Test
  public void testNodeIdMustNotBeEmpty() {
    for (String id : new String[] {"", null}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NodeRef.of("account", id));
      assertThat(e.getMessage(), containsString("'account'"));
    }
  }

  /** An assertion names exactly one node or one edge. */
  @Test
  public void testMutationAssertsExactlyOneElement() {
    GraphMutation.Builder neither = watching().toBuilder().setEdge(null);
    assertThrows(IllegalStateException.class, neither::build);
    assertThrows(IllegalStateException.class, () -> neither.setNode(PROFILE).setEdge(WATCHING).build());
    assertEquals(PROFILE, neither.setNode(PROFILE).setEdge(null).build().node());
  }

  /** An assertion contributes one observation at its event time with its properties. */
  @Test
  public void testMutationObservesOnceAtEventTime() {
    assertEquals(
        Observations.of(Properties.empty(), at("19:00:05"), at("19:00:05"), 1), watching().observations());
  }

  /** A raw event's position names its origin and offset. */
  @Test
  public void testRawEventPositionIsOriginAndOffset() {
    assertEquals("/e/p.jsonl:17", RawEvent.of("playback", new byte[0], "/e/p.jsonl", 17).position());
    assertEquals("playback/3:42", RawEvent.of("playback", new byte[0], "playback/3", 42).position());
  }

  private static GraphMutation watching() {
    return delivery("playback", "e1", "/e/p.jsonl:1", at("19:00:05"), WATCHING).mutations().get(0);
  }
}
