package dev.rdg.mapping;

import static dev.rdg.testing.Fixtures.ACCOUNT;
import static dev.rdg.testing.Fixtures.GAME;
import static dev.rdg.testing.Fixtures.HAS_PROFILE;
import static dev.rdg.testing.Fixtures.LOGIN;
import static dev.rdg.testing.Fixtures.ORIGIN;
import static dev.rdg.testing.Fixtures.PLAYBACK;
import static dev.rdg.testing.Fixtures.PROFILE;
import static dev.rdg.testing.Fixtures.TITLE;
import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.event;
import static dev.rdg.testing.Fixtures.json;
import static dev.rdg.testing.Fixtures.props;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import dev.rdg.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link EventMapper} with the shared test mapping: what each event asserts, and the dead-letter
 * reason of each kind of event that cannot be mapped.
 */
@RunWith(JUnit4.class)
public class EventMapperTest {
  private static final EventMapper MAPPER = new EventMapper(Fixtures.mapping());
  private static final Instant STARTED = at("19:00:05");
  /** The event times of the three sample payloads, as they are written in them. */
  private static final String PLAYBACK_TS = "2026-03-01T19:00:05Z";
  private static final String LOGIN_MILLIS = String.valueOf(at("19:00:00").getMillis());
  private static final String GAME_SECONDS = String.valueOf(at("21:00:30").getMillis() / 1000);
  /** A mapping of one CSV source: a device per line, {@code id,epochSeconds}. */
  private static final String DEVICES_CSV =
      "sources:\n"
          + "  - name: devices\n"
          + "    format: csv\n"
          + "    columns: [id, at]\n"
          + "    eventTime: {field: at, format: epochSeconds}\n"
          + "    nodes:\n"
          + "      - {type: device, id: \"${id}\"}\n";

  /** Every pattern applies: nodes, edges and the nodes that are only edge ends, with their properties. */
  @Test
  public void testMapsEventToNodesAndEdges() {
    Map<Object, Properties> asserted = byElement(mapped("playback", PLAYBACK, 1));

    Map<Object, Properties> expected = new HashMap<>();
    expected.put(PROFILE, props(STARTED, "name", "Ana"));
    expected.put(TITLE, props(STARTED, "name", "Stranger Things"));
    expected.put(ACCOUNT, Properties.empty());
    expected.put(HAS_PROFILE, Properties.empty());
    expected.put(WATCHING, props(STARTED, "positionSec", 30L));
    assertEquals(expected, asserted);
  }

  /** Every assertion carries the event's source, id, time and position. */
  @Test
  public void testAssertionsCarryTheEventsIdentity() {
    List<GraphMutation> mutations = mapped("playback", PLAYBACK, 1);

    for (GraphMutation mutation : mutations) {
      assertEquals("playback", mutation.source());
      assertEquals("e1", mutation.eventId());
      assertEquals(STARTED, mutation.eventTime());
      assertEquals(ORIGIN + ":1", mutation.position());
    }
  }

  /** An edge asserts its two end nodes, even when no node pattern names them. */
  @Test
  public void testEdgesAssertTheirEndNodes() {
    Map<Object, Properties> asserted = byElement(mapped("playback", PLAYBACK, 1));

    for (Object element : Set.of(HAS_PROFILE, WATCHING)) {
      EdgeRef edge = (EdgeRef) element;
      assertThat(edge + " src", asserted.containsKey(edge.src()));
      assertThat(edge + " dst", asserted.containsKey(edge.dst()));
    }
    assertEquals(Properties.empty(), asserted.get(ACCOUNT));
  }

  /** An element two patterns name is asserted once, with the properties of both. */
  @Test
  public void testElementAssertedTwiceAppearsOnceWithMergedProperties() {
    List<GraphMutation> mutations = mapped("sessions", LOGIN, 1);

    long accounts = mutations.stream().filter(m -> ACCOUNT.equals(m.node())).count();
    assertEquals(1, accounts);
    assertEquals(
        props(at("19:00:00"), "country", "NL", "plan", "premium"), byElement(mutations).get(ACCOUNT));
    // The profile is named by a node pattern and as an end of two edges: once.
    assertEquals(
        1, mapped("playback", PLAYBACK, 1).stream().filter(m -> PROFILE.equals(m.node())).count());
  }

  /** Ids, event ids and properties are found by dotted paths, into objects and arrays. */
  @Test
  public void testNestedPathsAndArrayIndexes() {
    List<GraphMutation> mutations = mapped("sessions", LOGIN, 1);

    assertEquals("s-1", mutations.get(0).eventId());
    assertEquals(at("19:00:00"), mutations.get(0).eventTime());
    assertEquals(
        Set.of(ACCOUNT, NodeRef.of("device", "d-phone")), byElement(mutations).keySet());
  }

  /** A template joins literal text and field values; numbers are rendered as their text. */
  @Test
  public void testTemplatesRenderLiteralsAndScalarFields() {
    assertEquals(
        Set.of(NodeRef.of("game", "g:7")), byElement(mapped("games", GAME, 1)).keySet());
    assertTrue(byElement(mapped("playback", PLAYBACK, 1)).containsKey(NodeRef.of("profile", "a1/0")));
  }

  /** A pattern whose id field is missing is skipped and counted; the event's other patterns still apply. */
  @Test
  public void testPatternWithMissingFieldIsSkippedWhileOthersApply() {
    String withoutTitle = PLAYBACK.replace("\"titleId\"", "\"otherId\"");

    EventMapper.Result result = MAPPER.map(event("playback", withoutTitle, 4));

    assertNull(result.deadLetterReason());
    assertEquals(2, result.skippedPatterns());
    assertEquals(Set.of(PROFILE, ACCOUNT, HAS_PROFILE), byElement(result.mutations()).keySet());
  }

  /** An id field that is empty, null or not a scalar skips its pattern: no element with a half-made id. */
  @Test
  public void testEmptyNullOrObjectIdFieldSkipsPattern() {
    for (String titleId : new String[] {"\"\"", "null", "{\"a\":1}", "[\"tt\"]"}) {
      EventMapper.Result result =
          MAPPER.map(event("playback", PLAYBACK.replace("\"tt:0042|a\"", titleId), 1));
      assertEquals(titleId, 2, result.skippedPatterns());
      assertEquals(titleId, Set.of(PROFILE, ACCOUNT, HAS_PROFILE), byElement(result.mutations()).keySet());
    }
  }

  /** Without an {@code eventId} field the payload's hash is the id: equal payloads, equal ids. */
  @Test
  public void testPayloadHashIdentifiesEventsWithoutEventId() {
    String first = mapped("games", GAME, 1).get(0).eventId();
    String again = mapped("games", GAME, 42).get(0).eventId();
    String other = mapped("games", GAME.replace("Oxenfree", "Hades"), 1).get(0).eventId();

    assertNotEquals("", first);
    assertEquals(first, again);
    assertNotEquals(first, other);
  }

  /** Integers become longs, fractions doubles, booleans stay; objects and arrays become JSON text. */
  @Test
  public void testPropertyTypeConversions() {
    String payload =
        PLAYBACK.replace(
            "\"title\":{\"name\":\"Stranger Things\"}",
            json(
                "'title':{'name':'42','seasons':4,'rating':8.5,'kids':false,'genres':['drama','sci-fi'],"
                    + "'extra':{'a':1},'views':12345678901234567890}"));

    assertEquals(
        props(
            STARTED,
            "name", "42",
            "seasons", 4L,
            "rating", 8.5,
            "kids", false,
            "genres", "[\"drama\",\"sci-fi\"]",
            "extra", "{\"a\":1}",
            "views", 12345678901234567890.0),
        byElement(mapped("playback", payload, 1)).get(TITLE));
  }

  /** A null or absent property field gives no property. */
  @Test
  public void testNullPropertyIsLeftOut() {
    String payload = PLAYBACK.replace("{\"name\":\"Ana\"}", "{\"name\":null}");

    assertEquals(Properties.empty(), byElement(mapped("playback", payload, 1)).get(PROFILE));
  }

  /** An ISO-8601 time with an offset is converted to its instant. */
  @Test
  public void testIso8601WithOffset() {
    String payload = PLAYBACK.replace(PLAYBACK_TS, "2026-03-01T20:00:05.250+01:00");

    assertEquals(at("19:00:05.250"), mapped("playback", payload, 1).get(0).eventTime());
  }

  /** Epoch times may be numbers or numeric text; seconds may have fractions. */
  @Test
  public void testEpochTimesAsNumbersOrText() {
    String millisAsText = LOGIN.replace(LOGIN_MILLIS, "\"" + LOGIN_MILLIS + "\"");
    String fractionalSeconds = GAME.replace(GAME_SECONDS, GAME_SECONDS + ".25");

    assertEquals(at("19:00:00"), mapped("sessions", millisAsText, 1).get(0).eventTime());
    assertEquals(at("21:00:30.250"), mapped("games", fractionalSeconds, 1).get(0).eventTime());
  }

  /** Truncated JSON is malformed. */
  @Test
  public void testBrokenJsonIsMalformed() {
    assertDeadLetter("playback", "{\"eventId\":\"e1\",\"ts\":", EventMapper.MALFORMED_JSON);
  }

  /** Text after the JSON object is malformed, not ignored. */
  @Test
  public void testTrailingTextIsMalformed() {
    assertDeadLetter("playback", PLAYBACK + " and more", EventMapper.MALFORMED_JSON);
  }

  /** A JSON array is not an event. */
  @Test
  public void testArrayInsteadOfObjectIsMalformed() {
    assertDeadLetter("playback", "[" + PLAYBACK + "]", EventMapper.MALFORMED_JSON);
  }

  /** A JSON string, a number, JSON null and an empty payload are not events. */
  @Test
  public void testScalarOrEmptyPayloadIsMalformed() {
    assertDeadLetterWithEach(
        "playback", PLAYBACK, PLAYBACK, EventMapper.MALFORMED_JSON, "\"s\"", "42", "", "null");
  }

  /** An event without its event id field is dead-lettered, naming the field. */
  @Test
  public void testMissingEventId() {
    assertAbsentFieldNamed("playback", PLAYBACK, "eventId", EventMapper.MISSING_EVENT_ID);
    assertAbsentFieldNamed("sessions", LOGIN, "id", EventMapper.MISSING_EVENT_ID);
  }

  /** An empty, null or object event id is no id. */
  @Test
  public void testEmptyNullOrObjectEventId() {
    assertDeadLetterWithEach(
        "playback", PLAYBACK, "\"e1\"", EventMapper.MISSING_EVENT_ID, "\"\"", "null", "{\"v\":1}");
  }

  /** ISO-8601 times that do not parse, or are not text, are bad event times. */
  @Test
  public void testBadIso8601Time() {
    assertDeadLetterWithEach(
        "playback", PLAYBACK, "\"" + PLAYBACK_TS + "\"", EventMapper.BAD_EVENT_TIME,
        "\"yesterday at 8pm\"", "\"2026-02-30T19:00:00Z\"", "1772391605000", "true");
  }

  /** An ISO-8601 time without an offset is ambiguous (it would depend on the machine's zone): bad. */
  @Test
  public void testIso8601WithoutOffsetIsBad() {
    assertDeadLetterWithEach(
        "playback", PLAYBACK, PLAYBACK_TS, EventMapper.BAD_EVENT_TIME, "2026-03-01T19:00:05", "2026-03-01");
  }

  /** An absent ISO-8601 time is a bad event time naming the field. */
  @Test
  public void testAbsentIso8601Time() {
    assertAbsentFieldNamed("playback", PLAYBACK, "ts", EventMapper.BAD_EVENT_TIME);
  }

  /** Epoch millis that are not a finite number are bad, never coerced to 1970. */
  @Test
  public void testBadEpochMillis() {
    assertDeadLetterWithEach(
        "sessions", LOGIN, LOGIN_MILLIS, EventMapper.BAD_EVENT_TIME,
        "\"soon\"", "true", "\"NaN\"", "\"Infinity\"", "{}", "\"\"");
  }

  /** An absent or null epoch-millis time is a bad event time naming the field. */
  @Test
  public void testAbsentEpochMillis() {
    assertAbsentFieldNamed("sessions", LOGIN, "loginAt", EventMapper.BAD_EVENT_TIME);
    assertDeadLetterWithEach("sessions", LOGIN, LOGIN_MILLIS, EventMapper.BAD_EVENT_TIME, "null");
  }

  /** Epoch seconds that are not a finite number are bad. */
  @Test
  public void testBadEpochSeconds() {
    assertDeadLetterWithEach(
        "games", GAME, GAME_SECONDS, EventMapper.BAD_EVENT_TIME, "\"soon\"", "false", "\"-Infinity\"", "[1]");
  }

  /** An absent epoch-seconds time is a bad event time naming the field. */
  @Test
  public void testAbsentEpochSeconds() {
    assertAbsentFieldNamed("games", GAME, "startedAt", EventMapper.BAD_EVENT_TIME);
  }

  /** A time beyond what an event-time pipeline can hold is bad, not a crash downstream. */
  @Test
  public void testEventTimeOutOfRangeIsBad() {
    assertDeadLetterWithEach("games", GAME, GAME_SECONDS, EventMapper.BAD_EVENT_TIME, "1e300", "-1e15");
    assertDeadLetterWithEach(
        "sessions", LOGIN, LOGIN_MILLIS, EventMapper.BAD_EVENT_TIME, "9223372036854775807");
  }

  /**
   * An id field with an unpaired surrogate (JSON can escape one) is a bad value: UTF-8 would turn it into
   * {@code ?}, and different ids into one node.
   */
  @Test
  public void testUnpairedSurrogateInAnIdIsABadValue() {
    for (String titleId : new String[] {"tt\\ud800", "\\udc00tt", "tt\\ude00\\ud83d"}) {
      String reason =
          assertDeadLetter("playback", PLAYBACK.replace("tt:0042|a", titleId), EventMapper.BAD_VALUE);
      assertThat(titleId, reason, containsString("field 'titleId' has an unpaired surrogate"));
    }
    String reason =
        assertDeadLetter("playback", PLAYBACK.replace("\"a1\"", "\"a\\ud800\""), EventMapper.BAD_VALUE);
    assertThat(reason, containsString("field 'accountId' has an unpaired surrogate"));
  }

  /** An event id field with an unpaired surrogate is no id: different events would count as one. */
  @Test
  public void testUnpairedSurrogateInAnEventIdIsDeadLettered() {
    String reason =
        assertDeadLetter(
            "playback", PLAYBACK.replace("\"e1\"", "\"e\\ud800\""), EventMapper.MISSING_EVENT_ID);
    assertThat(reason, containsString("field 'eventId' has an unpaired surrogate"));
  }

  /** A surrogate pair (an emoji), escaped in JSON or not, is kept in ids and event ids. */
  @Test
  public void testSurrogatePairsInIdsAreKept() {
    String payload = PLAYBACK.replace("\"e1\"", "\"e\\ud83d\\ude00\"").replace("tt:0042|a", "tt😀");

    List<GraphMutation> mutations = mapped("playback", payload, 1);

    assertEquals("e😀", mutations.get(0).eventId());
    assertTrue(byElement(mutations).containsKey(NodeRef.of("title", "tt😀")));
  }

  /** A CSV line that is not UTF-8 is malformed, saying where, not read with replacement characters. */
  @Test
  public void testCsvLineNotUtf8IsMalformed() throws Mapping.MappingException {
    EventMapper devices = new EventMapper(Mapping.parse(DEVICES_CSV, "devices.yaml"));
    String line = "d\u00e9,1772445600";

    EventMapper.Result latin1 = devices.map(RawEvent.of("devices", line.getBytes(ISO_8859_1), ORIGIN, 1));
    EventMapper.Result utf8 = devices.map(RawEvent.of("devices", line.getBytes(UTF_8), ORIGIN, 1));

    assertEquals(EventMapper.MALFORMED_CSV + ": not UTF-8 at byte 2", latin1.deadLetterReason());
    assertEquals(EventMapper.STAGE_DECODE, latin1.stage());
    assertNull(utf8.deadLetterReason());
    assertEquals(NodeRef.of("device", "d\u00e9"), utf8.mutations().get(0).node());
  }

  /**
   * YAML 1.1's boolean words are plain words in a mapping: a property read from field {@code on}, and a
   * filter whose values are {@code yes} and {@code off}, apply as written (they read 'true'/'false' before).
   */
  @Test
  public void testYamlBooleanWordsAreStrings() throws Mapping.MappingException {
    EventMapper answers =
        new EventMapper(
            Mapping.parse(
                "sources:\n"
                    + "  - name: answers\n"
                    + "    eventTime: {field: ts}\n"
                    + "    filter: {field: reply, in: [yes, off]}\n"
                    + "    nodes:\n"
                    + "      - {type: answer, id: \"${id}\", properties: {on: on}}\n",
                "answers.yaml"));

    EventMapper.Result yes = answers.map(event("answers", json("{'id':'a1','ts':'" + PLAYBACK_TS + "','reply':'yes','on':'up'}"), 1));
    EventMapper.Result other =
        answers.map(event("answers", json("{'id':'a2','ts':'" + PLAYBACK_TS + "','reply':'true','on':'up'}"), 2));

    assertNull(yes.deadLetterReason());
    assertEquals(Map.of("on", "up"), yes.mutations().get(0).properties().values());
    assertThat("filtered out", other.mutations(), empty());
  }

  /**
   * A fan-out over an empty or absent array does not apply: the event is filtered (no pattern applies),
   * not dead-lettered for a missing id field it does not lack.
   */
  @Test
  public void testEmptyFanOutIsFilteredNotDeadLettered() throws Mapping.MappingException {
    EventMapper ratings =
        new EventMapper(
            Mapping.parse(
                "sources:\n"
                    + "  - name: ratings\n"
                    + "    eventTime: {field: ts}\n"
                    + "    edges:\n"
                    + "      - type: rated\n"
                    + "        forEach: titles\n"
                    + "        from: {type: profile, id: \"${profile}\"}\n"
                    + "        to: {type: title, id: \"${item.id}\"}\n",
                "ratings.yaml"));
    for (String titles : new String[] {",'titles':[]", ""}) {
      EventMapper.Result result =
          ratings.map(event("ratings", json("{'profile':'p1','ts':'" + PLAYBACK_TS + "'" + titles + "}"), 1));
      assertNull(titles, result.deadLetterReason());
      assertEquals(titles, EventMapper.NO_PATTERN_APPLIES, result.filterReason());
      assertEquals(0, result.skippedPatterns());
    }
    EventMapper.Result one =
        ratings.map(event("ratings", json("{'profile':'p1','ts':'" + PLAYBACK_TS + "','titles':[{'id':'t1'}]}"), 2));
    assertNull(one.filterReason());
    assertThat("one element: the edge is asserted", one.mutations(), not(empty()));
  }

  /** A property value with an unpaired surrogate is a bad value, as an id is: stored, it would change unseen. */
  @Test
  public void testUnpairedSurrogateInAPropertyIsABadValue() throws Mapping.MappingException {
    EventMapper items =
        new EventMapper(
            Mapping.parse(
                "sources:\n  - name: items\n    eventTime: {field: ts}\n    nodes:\n"
                    + "      - {type: item, id: \"${id}\", properties: {label: label}}\n",
                "items.yaml"));

    EventMapper.Result lone =
        items.map(event("items", "{\"id\":\"i1\",\"ts\":\"" + PLAYBACK_TS + "\",\"label\":\"a\\ud800\"}", 1));
    EventMapper.Result pair =
        items.map(event("items", "{\"id\":\"i2\",\"ts\":\"" + PLAYBACK_TS + "\",\"label\":\"a\\ud83d\\ude42\"}", 2));

    assertEquals(
        EventMapper.BAD_VALUE + ": property 'label': field 'label' has an unpaired surrogate", lone.deadLetterReason());
    assertEquals(Map.of("label", "a\ud83d\ude42"), pair.mutations().get(0).properties().values());
  }

  /** A template property joins fields into text; a number converted to string keeps its digits as text. */
  @Test
  public void testTemplateAndStringProperties() throws Mapping.MappingException {
    EventMapper items =
        new EventMapper(
            Mapping.parse(
                "sources:\n"
                    + "  - name: items\n"
                    + "    eventTime: {field: ts}\n"
                    + "    nodes:\n"
                    + "      - type: item\n"
                    + "        id: \"${id}\"\n"
                    + "        properties:\n"
                    + "          label: {template: \"${kind}/${n}\"}\n"
                    + "          code: {field: n, type: string}\n"
                    + "          size: n\n",
                "items.yaml"));

    EventMapper.Result result =
        items.map(event("items", json("{'id':'i1','ts':'" + PLAYBACK_TS + "','kind':'tv','n':42}"), 1));

    assertNull(result.deadLetterReason());
    assertEquals(
        Map.of("label", "tv/42", "code", "42", "size", 42L), result.mutations().get(0).properties().values());
  }

  /** An event none of whose patterns has its id fields asserts nothing: a dead letter. */
  @Test
  public void testNoAssertion() {
    String payload = json("{'eventId':'e9','ts':'2026-03-01T19:00:05Z','position':30}");

    EventMapper.Result result = MAPPER.map(event("playback", payload, 1));

    assertThat(result.deadLetterReason(), startsWith(EventMapper.NO_ASSERTION + ":"));
    assertThat(result.deadLetterReason(), containsString("'playback'"));
    assertEquals(4, result.skippedPatterns());
    assertThat(result.mutations(), empty());
  }

  /** An event of a source the mapping does not have is dead-lettered, naming it and the known sources. */
  @Test
  public void testUnknownSource() {
    String reason = assertDeadLetter("billing", PLAYBACK, EventMapper.UNKNOWN_SOURCE);
    assertThat(reason, allOf(containsString("'billing'"), containsString("playback, sessions, games")));
  }

  private static List<GraphMutation> mapped(String source, String payload, long line) {
    EventMapper.Result result = MAPPER.map(event(source, payload, line));
    assertNull("dead letter reason", result.deadLetterReason());
    return result.mutations();
  }

  /** Asserts that the event is a dead letter whose reason starts with {@code kind}; returns the reason. */
  private static String assertDeadLetter(String source, String payload, String kind) {
    EventMapper.Result result = MAPPER.map(event(source, payload, 1));
    assertThat(payload, result.mutations(), empty());
    assertThat(payload, result.deadLetterReason(), allOf(startsWith(kind + ": "), not(containsString("\n"))));
    return result.deadLetterReason();
  }

  /**
   * Asserts that {@code payload} with {@code original} replaced by each of {@code replacements} is a dead
   * letter of {@code kind}.
   */
  private static void assertDeadLetterWithEach(
      String source, String payload, String original, String kind, String... replacements) {
    for (String replacement : replacements) {
      assertDeadLetter(source, payload.replace(original, replacement), kind);
    }
  }

  /** Asserts that {@code payload} without {@code field} is a dead letter of {@code kind} naming the field. */
  private static void assertAbsentFieldNamed(String source, String payload, String field, String kind) {
    String reason = assertDeadLetter(source, payload.replace("\"" + field + "\"", "\"other\""), kind);
    assertThat(reason, containsString(field + "'"));
  }

  /** The asserted elements (node and edge refs) with their properties; fails if one is asserted twice. */
  private static Map<Object, Properties> byElement(List<GraphMutation> mutations) {
    Map<Object, Properties> elements = new HashMap<>();
    for (GraphMutation mutation : mutations) {
      Object element = mutation.node() != null ? mutation.node() : mutation.edge();
      assertNull("asserted twice: " + element, elements.put(element, mutation.properties()));
    }
    return elements;
  }
}
