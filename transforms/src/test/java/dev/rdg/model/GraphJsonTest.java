package dev.rdg.model;

import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.props;
import static dev.rdg.testing.Fixtures.window;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link GraphJson}: the export lines every sink must produce byte for byte. */
@RunWith(JUnit4.class)
public class GraphJsonTest {
  private static final Observations SEEN =
      Observations.of(
          props(
              at("22:45:10.500"),
              "positionSec", 2410L, "name", "Nina \"Nini\" 🧸", "rating", 4.5, "kids", true),
          at("19:00:05"),
          at("22:45:10.500"),
          12);

  /** A node line: kind, type, id, properties sorted by name, times in ISO-8601 UTC, count. */
  @Test
  public void testNodeLine() {
    assertEquals(
        "{\"kind\":\"node\",\"type\":\"title\",\"id\":\"tt:0042|a\",\"properties\":{\"kids\":true,"
            + "\"name\":\"Nina \\\"Nini\\\" 🧸\",\"positionSec\":2410,\"rating\":4.5},"
            + "\"firstSeen\":\"2026-03-01T19:00:05.000Z\","
            + "\"lastSeen\":\"2026-03-01T22:45:10.500Z\",\"count\":12}",
        GraphJson.line(Node.of(TITLE, SEEN, null)));
  }

  /** An edge line names both ends by type and id; the window is not part of the line. */
  @Test
  public void testEdgeLine() {
    Observations once = Observations.once(Properties.empty(), at("19:00:05"));
    assertEquals(
        "{\"kind\":\"edge\",\"type\":\"started_watching\",\"src\":{\"type\":\"profile\",\"id\":\"a1/0\"},"
            + "\"dst\":{\"type\":\"title\",\"id\":\"tt:0042|a\"},\"properties\":{},"
            + "\"firstSeen\":\"2026-03-01T19:00:05.000Z\","
            + "\"lastSeen\":\"2026-03-01T19:00:05.000Z\",\"count\":1}",
        GraphJson.line(Edge.of(WATCHING, once, window("19:00:00", Duration.standardMinutes(1)))));
  }

  /** A dead-letter line: source, origin, offset, reason and the payload as text. */
  @Test
  public void testDeadLetterLine() {
    RawEvent event = RawEvent.of("playback", "[1,\"a\"]".getBytes(StandardCharsets.UTF_8), "/e/p.jsonl", 11);
    assertEquals(
        "{\"source\":\"playback\",\"origin\":\"/e/p.jsonl\",\"offset\":11,\"stage\":\"map\","
            + "\"reason\":\"malformed JSON: expected an object, got ARRAY\",\"payload\":\"[1,\\\"a\\\"]\"}",
        GraphJson.line(DeadLetter.of(event, "malformed JSON: expected an object, got ARRAY")));
  }

  /** A payload that is not UTF-8 is kept byte for byte, as base64 under {@code payloadBase64}. */
  @Test
  public void testBinaryDeadLetterPayloadIsBase64() {
    byte[] payload = {'{', (byte) 0xff, (byte) 0xfe, '}'};
    RawEvent event = RawEvent.of("kafka", payload, "topic/0", 42);
    assertEquals(
        "{\"source\":\"kafka\",\"origin\":\"topic/0\",\"offset\":42,\"stage\":\"decode\","
            + "\"reason\":\"malformed JSON: x\",\"payloadBase64\":\"e//+fQ==\"}",
        GraphJson.line(DeadLetter.of(event, "decode", "malformed JSON: x")));
  }
}
