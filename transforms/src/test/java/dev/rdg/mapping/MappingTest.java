package dev.rdg.mapping;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.rdg.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.hamcrest.Matcher;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link Mapping}: a valid file loads; each kind of mistake fails the load with one line that
 * names the file, the place in it and the problem.
 */
@RunWith(JUnit4.class)
public class MappingTest {
  private static final String ORIGIN = "test.yaml";

  /** A valid mapping; each failing case below changes one thing in it. */
  private static final String VALID =
      String.join(
          "\n",
          "sources:",
          "  - name: playback",
          "    eventId: eventId",
          "    eventTime: {field: ts, format: iso8601}",
          "    nodes:",
          "      - {type: profile, id: \"${accountId}/${idx}\", properties: {name: profileName}}",
          "    edges:",
          "      - type: watched",
          "        from: {type: profile, id: \"${accountId}/${idx}\"}",
          "        to: {type: title, id: \"${titleId}\"}",
          "        properties: {positionSec: position}",
          "  - name: sessions",
          "    eventTime: {field: loginAt, format: epochMillis}",
          "    nodes:",
          "      - {type: account, id: \"${acct}\"}",
          "");

  /** The valid base mapping parses. */
  @Test
  public void testValidBaseParses() throws Exception {
    Mapping mapping = Mapping.parse(VALID, ORIGIN);

    assertThat(names(mapping), contains("playback", "sessions"));
  }

  /** The shared test mapping loads with its sources in file order, ids, times and patterns. */
  @Test
  public void testLoadsFullMapping() throws Exception {
    Mapping mapping = Mapping.load(Fixtures.mappingFile());

    assertThat(names(mapping), contains("playback", "sessions", "games"));
    assertEquals("playback, sessions, games", mapping.sourceNames());
    SourceMapping playback = mapping.source("playback").get();
    assertEquals("[eventId]", playback.eventId().toString());
    assertEquals(2, playback.nodes().size());
    assertEquals(2, playback.edges().size());
    assertEquals("[session.id]", mapping.source("sessions").get().eventId().toString());
    assertEquals(3, mapping.source("sessions").get().nodes().size());
    assertTrue("games events are identified by a payload hash", mapping.source("games").get().eventId().isEmpty());
    assertTrue(mapping.source("billing").isEmpty());
  }

  /** A file belongs to the source named like its base name, whatever its extensions. */
  @Test
  public void testSourceForFileByBaseName() {
    Mapping mapping = Fixtures.mapping();

    assertEquals("playback", mapping.sourceForFile("playback.jsonl"));
    assertEquals("playback", mapping.sourceForFile("playback.jsonl.gz"));
    assertEquals("sessions", mapping.sourceForFile("sessions"));
  }

  /** A source with a {@code files} glob owns the files the glob matches. */
  @Test
  public void testSourceForFileByFilesGlob() {
    Mapping mapping = Fixtures.mapping();

    assertEquals("games", mapping.sourceForFile("arcade-2026-03-01.jsonl"));
    assertEquals("games", mapping.sourceForFile("arcade-.jsonl"));
    assertEquals("arcade", mapping.sourceForFile("arcade.jsonl"));
  }

  /** A file no source owns is read under its base name, an unknown source. */
  @Test
  public void testSourceForUnownedFileIsItsBaseName() {
    assertEquals("billing", Fixtures.mapping().sourceForFile("billing.jsonl"));
  }

  /** A file named like a source whose glob rejects it does not fall back to that source. */
  @Test
  public void testGlobRejectedFileIsNotItsNamesakesSource() {
    assertEquals("games.jsonl", Fixtures.mapping().sourceForFile("games.jsonl"));
  }

  /** An invalid node type is reported at its node pattern. */
  @Test
  public void testRejectsBadNodeTypeName() {
    assertRejected(
        VALID.replace("type: profile, id: \"${accountId}/${idx}\", properties",
            "type: pro-file, id: \"${accountId}/${idx}\", properties"),
        "sources[0].nodes[0]",
        "invalid type name 'pro-file'");
  }

  /** An invalid edge type is reported at its edge pattern. */
  @Test
  public void testRejectsBadEdgeTypeName() {
    assertRejected(
        VALID.replace("type: watched", "type: watched by"),
        "sources[0].edges[0]",
        "invalid type name 'watched by'");
  }

  /** An invalid type of an edge's end is reported at that end. */
  @Test
  public void testRejectsBadEdgeEndTypeName() {
    assertRejected(
        VALID.replace("to: {type: title,", "to: {type: 1title,"),
        "sources[0].edges[0].to",
        "invalid type name '1title'");
  }

  /** An invalid property name is reported at the properties it is in. */
  @Test
  public void testRejectsBadPropertyName() {
    assertRejected(
        VALID.replace("{positionSec: position}", "{position-sec: position}"),
        "sources[0].edges[0].properties",
        "invalid type name 'position-sec'");
  }

  /** A Cypher injection as a node type is rejected, quoted as it was written. */
  @Test
  public void testRejectsHostileTypeName() {
    assertRejected(
        VALID.replace("type: account,", "type: \"Person) DETACH DELETE n //\","),
        "sources[1].nodes[0]",
        "invalid type name 'Person) DETACH DELETE n //'");
  }

  /** An SQL injection as a source name is rejected. */
  @Test
  public void testRejectsHostileSourceName() {
    assertRejected(
        VALID.replace("name: sessions", "name: \"x; DROP TABLE\""),
        "sources[1]",
        "invalid type name 'x; DROP TABLE'");
  }

  /** A node pattern without an id is reported at the pattern, naming {@code id}. */
  @Test
  public void testRejectsMissingId() {
    assertRejected(
        VALID.replace("{type: account, id: \"${acct}\"}", "{type: account}"),
        "sources[1].nodes[0]",
        "'id'");
  }

  /** An id template with an unclosed placeholder is reported at the id. */
  @Test
  public void testRejectsUnclosedPlaceholder() {
    assertRejected(
        VALID.replace("id: \"${titleId}\"", "id: \"${titleId\""),
        "sources[0].edges[0].to.id",
        "unclosed ${");
  }

  /** A placeholder with an empty field path is reported at the id. */
  @Test
  public void testRejectsEmptyPlaceholder() {
    assertRejected(
        VALID.replace("id: \"${acct}\"", "id: \"acct-${}\""),
        "sources[1].nodes[0].id",
        "field path is empty");
  }

  /** Two sources of one name are rejected, naming it. */
  @Test
  public void testRejectsDuplicateSource() {
    assertRejected(VALID.replace("name: sessions", "name: playback"), "", "'playback' is defined twice");
  }

  /** A source without node and edge patterns is rejected, naming it. */
  @Test
  public void testRejectsSourceWithoutPatterns() {
    String withoutPatterns = VALID.substring(0, VALID.indexOf("    nodes:\n      - {type: account"));
    assertRejected(withoutPatterns, "sources[1]", "'sessions' has no node or edge patterns");
  }

  /** A mapping without sources is rejected. */
  @Test
  public void testRejectsNoSources() {
    assertRejected("sources: []\n", "", "no sources");
  }

  /** A misspelt field is reported where it is, naming it. */
  @Test
  public void testRejectsUnknownField() {
    assertRejected(
        VALID.replace("eventId: eventId", "eventID: eventId"), "sources[0].eventID", "'eventID'");
  }

  /** A source without an event time is rejected, naming {@code eventTime}. */
  @Test
  public void testRejectsMissingEventTime() {
    assertRejected(
        VALID.replace("    eventTime: {field: loginAt, format: epochMillis}\n", ""),
        "sources[1]",
        "'eventTime'");
  }

  /** An unknown time format is reported at the format, naming the value. */
  @Test
  public void testRejectsBadTimeFormat() {
    assertRejected(
        VALID.replace("format: epochMillis", "format: epochMinutes"),
        "sources[1].eventTime.format",
        "epochMinutes");
  }

  /** Text that is not YAML is reported as such. */
  @Test
  public void testRejectsInvalidYaml() {
    assertRejected(
        VALID.replace("{field: ts, format: iso8601}", "{field: ts, format: iso8601}}"), null, "not valid YAML");
  }

  /** An empty file is reported as empty. */
  @Test
  public void testRejectsEmptyFile() {
    assertRejected("", null, "empty");
  }

  /** A file of comments only is reported as empty. */
  @Test
  public void testRejectsFileOfCommentsOnly() {
    assertRejected("# sources: to come\n", null, "empty");
  }

  /** A file that cannot be read is reported with its path. */
  @Test
  public void testRejectsUnreadableFile() {
    Path missing = Path.of("/nonexistent/rdg/mapping.yaml");
    Mapping.MappingException e = assertThrows(Mapping.MappingException.class, () -> Mapping.load(missing));
    assertThat(e.getMessage(), containsString(missing.toString()));
  }

  /**
   * Settings that could never apply are problems: a schema for a type no pattern asserts (a typo), a
   * files glob with a folder in it (globs match file names), a CSV column named twice.
   */
  @Test
  public void testRejectsSettingsThatNeverApply() {
    assertRejected(
        VALID + "schema:\n  nodes:\n    titel: {properties: {name: string}}\n",
        "schema.nodes.titel",
        "unknown node type 'titel' (node types of the mapping: account, profile, title)");
    assertRejected(
        VALID.replace("  - name: sessions\n", "  - name: sessions\n    files: \"logs/*.jsonl\"\n"),
        "",
        "cannot hold a '/'");
    assertRejected(
        VALID.replace("  - name: sessions\n", "  - name: sessions\n    format: csv\n    columns: [acct, loginAt, acct]\n"),
        "",
        "column 'acct' is named twice");
  }

  /** A property name starting with '_' is refused: the sinks keep such names for their own fields. */
  @Test
  public void testRejectsPropertyNamesTheSinksKeep() {
    assertRejected(
        VALID.replace("properties: {name: profileName}", "properties: {_id: profileName}"),
        "",
        "property name '_id' starts with '_'");
  }

  private static List<String> names(Mapping mapping) {
    return mapping.sources().stream().map(SourceMapping::name).collect(Collectors.toList());
  }

  /**
   * Asserts that the mapping is rejected with one line naming the origin, the place in the document
   * ({@code ""} or null: not checked) and the problem.
   */
  private static void assertRejected(String yaml, String place, String problem) {
    Mapping.MappingException e =
        assertThrows(Mapping.MappingException.class, () -> Mapping.parse(yaml, ORIGIN));
    String message = e.getMessage();
    Matcher<String> placeMatcher =
        place == null || place.isEmpty()
            ? startsWith(ORIGIN + ":")
            : allOf(startsWith(ORIGIN + ":"), containsString("(at " + place));
    assertThat(message, allOf(placeMatcher, containsString(problem), not(containsString("\n"))));
  }
}
