package dev.rdg.model;

import static dev.rdg.testing.Fixtures.ACCOUNT;
import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.props;
import static dev.rdg.testing.Fixtures.window;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for the model's coders: each is the type's default, round-trips every value, and encodes equal
 * values to equal bytes (so any of them can be a key).
 */
@RunWith(JUnit4.class)
public class ModelCodersTest {
  private static final Instant SEEN = at("19:00:05");
  private static final IntervalWindow MINUTE = window("19:00:00", Duration.standardMinutes(1));

  /** Node references, ids with separators, quotes and characters outside the BMP included. */
  @Test
  public void testNodeRefCoder() {
    assertCoder(NodeRef.class, NodeRef.NodeRefCoder.of(), () -> ACCOUNT);
    assertCoder(NodeRef.class, NodeRef.NodeRefCoder.of(), () -> NodeRef.of("profile", "Kids 🧸|\"2\""));
  }

  /** Edge references. */
  @Test
  public void testEdgeRefCoder() {
    assertCoder(EdgeRef.class, EdgeRef.EdgeRefCoder.of(), () -> WATCHING);
    assertCoder(
        EdgeRef.class, EdgeRef.EdgeRefCoder.of(), () -> EdgeRef.of("self", TITLE, TITLE));
  }

  /** Properties of every value type, extremes included, and the empty properties. */
  @Test
  public void testPropertiesCoderWithEveryValueType() {
    assertCoder(Properties.class, Properties.PropertiesCoder.of(), ModelCodersTest::everyValueType);
    assertCoder(Properties.class, Properties.PropertiesCoder.of(), Properties::empty);
    assertCoder(
        Properties.class,
        Properties.PropertiesCoder.of(),
        () -> props(SEEN, "nan", Double.NaN, "negativeZero", -0.0, "infinity", Double.NEGATIVE_INFINITY));
  }

  /** Properties given in another order encode to the same bytes. */
  @Test
  public void testPropertiesCoderIgnoresInsertionOrder() throws Exception {
    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("a", "x");
    forward.put("b", 2L);
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("b", 2L);
    backward.put("a", "x");
    CoderProperties.coderDeterministic(
        Properties.PropertiesCoder.of(), Properties.of(forward, SEEN), Properties.of(backward, SEEN));
  }

  /** Properties whose values carry different stamps keep them through the coder. */
  @Test
  public void testPropertiesCoderKeepsStamps() {
    assertCoder(
        Properties.class,
        Properties.PropertiesCoder.of(),
        () -> props(SEEN, "plan", "basic").merge(props(SEEN.plus(1), "country", "NL")));
  }

  /** Observations. */
  @Test
  public void testObservationsCoder() {
    assertCoder(
        Observations.class,
        Observations.ObservationsCoder.of(),
        () -> Observations.of(everyValueType(), SEEN, SEEN.plus(Duration.standardHours(3)), 42));
  }

  /** Node upserts, with a window and without one (a sink's merged view). */
  @Test
  public void testNodeCoder() {
    assertCoder(Node.class, Node.NodeCoder.of(), () -> Node.of(PROFILE, observations(), MINUTE));
    assertCoder(Node.class, Node.NodeCoder.of(), () -> Node.of(PROFILE, observations(), null));
  }

  /** Edge upserts, with a window and without one. */
  @Test
  public void testEdgeCoder() {
    assertCoder(Edge.class, Edge.EdgeCoder.of(), () -> Edge.of(WATCHING, observations(), MINUTE));
    assertCoder(Edge.class, Edge.EdgeCoder.of(), () -> Edge.of(WATCHING, observations(), null));
  }

  /** Mapped events: node and edge assertions with every value type, and a single assertion. */
  @Test
  public void testMappedEventCoder() {
    assertCoder(
        MappedEvent.class,
        MappedEvent.MappedEventCoder.of(),
        () ->
            MappedEvent.of(
                List.of(
                    mutation().setNode(PROFILE).setProperties(everyValueType()).build(),
                    mutation().setEdge(WATCHING).build())));
    assertCoder(
        MappedEvent.class,
        MappedEvent.MappedEventCoder.of(),
        () -> MappedEvent.of(List.of(mutation().setEdge(WATCHING).build())));
    assertCoder(
        MappedEvent.class,
        MappedEvent.MappedEventCoder.of(),
        () ->
            MappedEvent.rejected(
                DeadLetter.of(
                    RawEvent.of("playback", new byte[] {'{', (byte) 0xff}, "events.jsonl", 7),
                    "decode",
                    "malformed JSON: truncated")));
  }

  /** Raw events, with bytes that are not UTF-8 and an empty payload. */
  @Test
  public void testRawEventCoder() {
    assertCoder(
        RawEvent.class,
        RawEvent.RawEventCoder.of(),
        () -> RawEvent.of("playback", "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8), "/e/p.jsonl", 3));
    assertCoder(
        RawEvent.class,
        RawEvent.RawEventCoder.of(),
        () -> RawEvent.of("games", new byte[] {(byte) 0xff, 0, (byte) 0xc3}, "games/0", Long.MAX_VALUE));
    assertCoder(
        RawEvent.class, RawEvent.RawEventCoder.of(), () -> RawEvent.of("s", new byte[0], "t/1", 0));
  }

  /** Dead letters. */
  @Test
  public void testDeadLetterCoder() {
    assertCoder(
        DeadLetter.class,
        DeadLetter.DeadLetterCoder.of(),
        () ->
            DeadLetter.of(
                RawEvent.of("playback", "[1,".getBytes(StandardCharsets.UTF_8), "/e/p.jsonl", 7),
                "malformed JSON: unexpected end"));
  }

  private static GraphMutation.Builder mutation() {
    return GraphMutation.builder()
        .setSource("playback")
        .setEventId("evt-1")
        .setEventTime(SEEN)
        .setPosition("/e/p.jsonl:1");
  }

  private static Observations observations() {
    return Observations.of(everyValueType(), SEEN, SEEN.plus(Duration.standardSeconds(40)), 5);
  }

  private static Properties everyValueType() {
    return props(
        SEEN,
        "name", "Kids 🧸 \"Nini\"",
        "empty", "",
        "level", 4L,
        "min", Long.MIN_VALUE,
        "max", Long.MAX_VALUE,
        "rating", 4.5,
        "tiny", Double.MIN_VALUE,
        "phone", true,
        "kids", false);
  }

  /**
   * Checks that {@code coder} is the default coder of {@code type}, survives serialization, round-trips
   * the value in both contexts, and encodes two equal values (made separately) to the same bytes.
   */
  private static <T> void assertCoder(Class<T> type, Coder<T> coder, Supplier<T> value) {
    try {
      assertThat(CoderRegistry.createDefault().getCoder(type), instanceOf(coder.getClass()));
      CoderProperties.coderSerializable(coder);
      CoderProperties.coderDecodeEncodeEqual(coder, value.get());
      CoderProperties.coderDeterministic(coder, value.get(), value.get());
      coder.verifyDeterministic();
    } catch (Exception e) {
      throw new AssertionError(type.getSimpleName() + " coder", e);
    }
  }
}
