package dev.rdg.mapping;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import java.util.Map;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for the mapping's {@code retention} block and for {@link Retention}'s expiry rule. */
@RunWith(JUnit4.class)
public class RetentionTest {
  private static final String SOURCES =
      String.join(
          "\n",
          "sources:",
          "  - name: playback",
          "    eventTime: {field: ts}",
          "    nodes:",
          "      - {type: title, id: \"${t}\"}",
          "    edges:",
          "      - type: streamed_from",
          "        from: {type: profile, id: \"${p}\"}",
          "        to: {type: device, id: \"${d}\"}",
          "");

  private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");

  /** Ttls in the short and the ISO-8601 syntax, per node type (edge ends included) and per edge type. */
  @Test
  public void testParsesTtlsPerType() throws Exception {
    Mapping mapping =
        Mapping.parse(SOURCES + "retention:\n  nodes: {device: 100d, title: PT12H}\n  edges: {streamed_from: 30d}\n", "m.yaml");

    Retention retention = mapping.retention();
    assertEquals(Duration.standardDays(100), retention.nodeTtl("device").get());
    assertEquals(Duration.standardHours(12), retention.nodeTtl("title").get());
    assertEquals(Duration.standardDays(30), retention.edgeTtl("streamed_from").get());
    assertTrue(retention.nodeTtl("profile").isEmpty());
  }

  /** A mapping without retention keeps everything. */
  @Test
  public void testNoRetentionBlockMeansNone() throws Exception {
    assertEquals(Retention.NONE, Mapping.parse(SOURCES, "m.yaml").retention());
    assertTrue(Retention.NONE.isEmpty());
  }

  /** Each problem of a retention block is one FILE:LINE:COLUMN line; all are reported together. */
  @Test
  public void testReportsEveryProblemWhereItIs() {
    String yaml =
        SOURCES
            + "retention:\n"
            + "  nodes:\n"
            + "    device: 3x\n"
            + "    title: 0s\n"
            + "    tittle: 1d\n"
            + "    profile: 1d\n"
            + "    profile: 2d\n"
            + "  edges:\n"
            + "    watched: 1d\n";
    Mapping.MappingException e = assertThrows(Mapping.MappingException.class, () -> Mapping.parse(yaml, "m.yaml"));

    assertThat(
        e.problems(),
        containsInAnyOrder(
            startsWith("m.yaml:16:5: key 'profile' appears twice"),
            startsWith("m.yaml:12:13: '3x' is not a duration"),
            startsWith("m.yaml:13:12: a ttl must be positive, got PT0S"),
            startsWith("m.yaml:14:5: unknown node type 'tittle' (node types of the mapping: device, profile, title)"),
            startsWith("m.yaml:18:5: unknown edge type 'watched' (edge types of the mapping: streamed_from)")));
  }

  /** A ttl too long to hold in milliseconds is a problem at its place, not a crash. */
  @Test
  public void testRejectsATtlTooLong() {
    Mapping.MappingException e =
        assertThrows(
            Mapping.MappingException.class,
            () -> Mapping.parse(SOURCES + "retention:\n  nodes: {device: 9999999999999999d}\n", "m.yaml"));

    assertThat(e.getMessage(), containsString("'9999999999999999d' is too long a duration"));
  }

  /** An invalid type name in retention is rejected like anywhere else in a mapping. */
  @Test
  public void testRejectsHostileTypeName() {
    Mapping.MappingException e =
        assertThrows(
            Mapping.MappingException.class,
            () -> Mapping.parse(SOURCES + "retention:\n  nodes: {\"a) DELETE n\": 1d}\n", "m.yaml"));

    assertThat(e.getMessage(), containsString("invalid type name"));
  }

  /** Expired means last seen strictly before reference − ttl; types without a ttl never expire. */
  @Test
  public void testExpiresOnlyElementsOlderThanTheirTtl() {
    Retention retention =
        Retention.of(Map.of("device", Duration.standardDays(10)), Map.of("streamed_from", Duration.standardDays(1)));
    Node oldDevice = node("device", NOW.minus(Duration.standardDays(10)).minus(1));
    Node edgeOfTtl = node("device", NOW.minus(Duration.standardDays(10)));
    Node ancientProfile = node("profile", new Instant(0));

    assertTrue(retention.expired(oldDevice, NOW));
    assertFalse(retention.expired(edgeOfTtl, NOW));
    assertFalse(retention.expired(ancientProfile, NOW));
    assertTrue(retention.expired(edge("streamed_from", NOW.minus(Duration.standardDays(2))), NOW));
    assertFalse(retention.expired(edge("streamed_from", NOW.minus(Duration.standardHours(2))), NOW));
    assertFalse(retention.expired(edge("watched", new Instant(0)), NOW));
  }

  /** The JSON a sink stores reads back as the same policy. */
  @Test
  public void testJsonRoundTrip() {
    Retention retention =
        Retention.of(Map.of("device", Duration.standardDays(100)), Map.of("streamed_from", Duration.millis(1500)));

    assertEquals(retention, Retention.fromJson(retention.toJson()));
    assertEquals(Retention.NONE, Retention.fromJson(Retention.NONE.toJson()));
    assertThrows(IllegalArgumentException.class, () -> Retention.fromJson("{\"nodes\":1}"));
  }

  private static Node node(String type, Instant lastSeen) {
    return Node.of(NodeRef.of(type, "x"), Observations.once(Properties.empty(), lastSeen), null);
  }

  private static Edge edge(String type, Instant lastSeen) {
    return Edge.of(
        EdgeRef.of(type, NodeRef.of("profile", "p"), NodeRef.of("device", "d")),
        Observations.once(Properties.empty(), lastSeen),
        null);
  }
}
