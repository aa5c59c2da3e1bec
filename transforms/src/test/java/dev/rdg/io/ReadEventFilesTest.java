package dev.rdg.io;

import static dev.rdg.testing.Fixtures.GAME;
import static dev.rdg.testing.Fixtures.LOGIN;
import static dev.rdg.testing.Fixtures.PLAYBACK;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import dev.rdg.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Tests for {@link ReadEventFiles}: each non-blank line of a file is an event of the source that owns the
 * file, positioned by the file and its 1-based line number.
 */
@RunWith(JUnit4.class)
public class ReadEventFilesTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  /** A file belongs to the source named like its base name. */
  @Test
  public void testSourceByBaseName() throws IOException {
    assertOneLineFileReadAs("playback.jsonl", "playback");
  }

  /** A file a source's {@code files} glob matches belongs to that source. */
  @Test
  public void testSourceByFilesGlob() throws IOException {
    assertOneLineFileReadAs("arcade-2026-03-01.jsonl", "games");
  }

  /** A file no source owns is read under its base name, so its events become dead letters, not nothing. */
  @Test
  public void testUnknownFileReadUnderItsBaseName() throws IOException {
    assertOneLineFileReadAs("billing.jsonl", "billing");
  }

  /** Blank lines are not events but keep their numbers: line numbers are the file's own, from 1. */
  @Test
  public void testLineNumbersAreOneBasedAndCountBlankLines() throws IOException {
    File playback = write("playback.jsonl", PLAYBACK, "", "   \t", LOGIN + "\r", "", GAME);

    assertReads(
        List.of("*.jsonl"),
        event("playback", PLAYBACK, playback, 1),
        event("playback", LOGIN, playback, 4),
        event("playback", GAME, playback, 6));
  }

  /**
   * A file cut into many ranges (here of 50 bytes, so every few lines) is read whole, each line once and
   * with its own number, whatever range it falls in; a last line without a newline is read too.
   */
  @Test
  public void testFileCutIntoRangesKeepsEveryLineAndItsNumber() throws IOException {
    assertRangesKeepEveryLine(200, 50);
  }

  /**
   * The same across the 64 KB reads of the first pass: ranges of 5,000 bytes in a file of about 150 KB
   * end in the middle of a read and across two, and newlines are counted in both.
   */
  @Test
  public void testRangesAcrossTheFirstPassReadsKeepEveryLineAndItsNumber() throws IOException {
    assertRangesKeepEveryLine(6_000, 5_000);
  }

  private void assertRangesKeepEveryLine(int lineCount, long rangeBytes) throws IOException {
    List<String> lines = new ArrayList<>();
    List<RawEvent> expected = new ArrayList<>();
    File playback = folder.newFile("playback.jsonl");
    for (int i = 1; i <= lineCount; i++) {
      String line = i % 7 == 0 ? "" : "{\"eventId\":\"e" + i + "\"}" + (i % 5 == 0 ? "\r" : "");
      lines.add(line);
      if (!line.isEmpty()) {
        expected.add(event("playback", line.replace("\r", ""), playback, i));
      }
    }
    Files.write(playback.toPath(), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

    String pattern = folder.getRoot().getAbsolutePath() + File.separator + "*.jsonl";
    PCollection<RawEvent> events =
        p.apply(
            ReadEventFiles.matching(List.of(pattern)).withMapping(Fixtures.mapping()).withRangeBytes(rangeBytes));

    PAssert.that(events).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /**
   * Ranges start at lines and cover the file without gaps (here a line each); a compressed file is one
   * range; a file two patterns match is cut once; the runner's smaller desired size wins over the range
   * size, so a small input is spread over the workers too; and read unsplit, the source yields the same.
   */
  @Test
  public void testSplitCutsAtLineStarts() throws Exception {
    File plain = write("playback.jsonl", PLAYBACK, LOGIN, GAME, PLAYBACK);
    File gzipped = folder.newFile("sessions.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped.toPath()))) {
      out.write((LOGIN + "\n" + LOGIN + "\n").getBytes(StandardCharsets.UTF_8));
    }
    long first = PLAYBACK.getBytes(StandardCharsets.UTF_8).length + 1;
    long second = first + LOGIN.getBytes(StandardCharsets.UTF_8).length + 1;
    long third = second + GAME.getBytes(StandardCharsets.UTF_8).length + 1;
    String root = folder.getRoot().getAbsolutePath() + File.separator;
    EventFiles files = new EventFiles(List.of(root + "*", root + "playback.*"), Fixtures.mapping(), 1_000);

    List<String> ranges =
        files.split(1, PipelineOptionsFactory.create()).stream()
            .map(EventFiles.OneRange::range)
            .map(r -> r.file().resourceId().getFilename() + " " + r.start() + "-"
                + (r.isWholeFile() ? "end" : r.end()) + " line " + r.firstLine())
            .toList();

    assertThat(
        ranges,
        containsInAnyOrder(
            "playback.jsonl 0-" + first + " line 1",
            "playback.jsonl " + first + "-" + second + " line 2",
            "playback.jsonl " + second + "-" + third + " line 3",
            "playback.jsonl " + third + "-" + plain.length() + " line 4",
            "sessions.jsonl.gz 0-end line 1"));
    assertThat(
        files.split(Long.MAX_VALUE, PipelineOptionsFactory.create()).stream()
            .map(EventFiles.OneRange::range)
            .filter(r -> !r.isWholeFile())
            .map(r -> r.end() - r.start())
            .toList(),
        contains(plain.length()));
    // Read without splitting (a runner that does not split), the source yields the same ranges.
    SourceTestUtils.assertSourcesEqualReferenceSource(
        files, files.split(Long.MAX_VALUE, PipelineOptionsFactory.create()), PipelineOptionsFactory.create());
  }

  /** Several patterns and files: each event names its own file as origin. */
  @Test
  public void testOriginIsTheFile() throws IOException {
    File playback = write("playback.jsonl", PLAYBACK);
    File sessions = write("sessions.jsonl", LOGIN, LOGIN);

    assertReads(
        List.of("playback.jsonl", "sess*.jsonl"),
        event("playback", PLAYBACK, playback, 1),
        event("sessions", LOGIN, sessions, 1),
        event("sessions", LOGIN, sessions, 2));
  }

  /** A file two patterns match is read once: its events are not delivered twice. */
  @Test
  public void testFileMatchedByTwoPatternsIsReadOnce() throws IOException {
    File playback = write("playback.jsonl", PLAYBACK);

    assertReads(List.of("*.jsonl", "playback.*"), event("playback", PLAYBACK, playback, 1));
  }

  /** Compressed files are read by their content, and belong to the source of their base name. */
  @Test
  public void testReadsGzippedFiles() throws IOException {
    File gzipped = folder.newFile("playback.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped.toPath()))) {
      out.write((PLAYBACK + "\n").getBytes(StandardCharsets.UTF_8));
    }

    assertReads(List.of("*.gz"), event("playback", PLAYBACK, gzipped, 1));
  }

  /** A pattern that matches nothing fails the pipeline, naming the pattern. */
  @Test
  public void testPatternMatchingNothingFailsThePipeline() throws IOException {
    write("playback.jsonl", PLAYBACK);
    read("playback.jsonl", "nothing-*.jsonl");

    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertThat(causes(e), containsString("nothing-*.jsonl"));
  }

  /** Missing, empty or blank patterns are rejected when the transform is built. */
  @Test
  public void testRejectsMissingOrBlankPatterns() {
    List<List<String>> bad =
        Arrays.asList(null, List.of(), List.of(" "), List.of("a.jsonl", ""), Arrays.asList("a", null));
    for (List<String> patterns : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReadEventFiles.matching(patterns));
      assertThat(e.getMessage(), containsString("at least one non-blank file pattern"));
    }
  }

  /** A missing mapping is rejected by {@code withMapping}, and a read without one when it is applied. */
  @Test
  public void testRequiresMapping() {
    ReadEventFiles withoutMapping = ReadEventFiles.matching(List.of("*.jsonl"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withoutMapping.withMapping(null));
    assertThat(e.getMessage(), containsString("withMapping() needs a mapping"));

    p.enableAbandonedNodeEnforcement(false);
    IllegalStateException unset = assertThrows(IllegalStateException.class, () -> p.apply(withoutMapping));
    assertThat(unset.getMessage(), containsString("withMapping() is required"));
  }

  /**
   * A CSV source's first line is a header and not an event, unless the source says {@code header: false};
   * line numbers stay the file's own.
   */
  @Test
  public void testCsvHeaderSkippedUnlessHeaderFalse() throws Exception {
    File headed = write("headed.csv", "id,at", "d1,1772445600");
    File bare = write("bare.csv", "d2,1772445600", "d3,1772445601");
    String source =
        "  - name: %s\n    format: csv\n    columns: [id, at]\n%s"
            + "    eventTime: {field: at, format: epochSeconds}\n    nodes:\n      - {type: device, id: \"${id}\"}\n";
    Mapping mapping =
        Mapping.parse(
            "sources:\n" + String.format(source, "headed", "") + String.format(source, "bare", "    header: false\n"),
            "csv.yaml");
    String root = folder.getRoot().getAbsolutePath() + File.separator;

    PAssert.that(p.apply(ReadEventFiles.matching(List.of(root + "*.csv")).withMapping(mapping)))
        .containsInAnyOrder(
            event("headed", "d1,1772445600", headed, 2),
            event("bare", "d2,1772445600", bare, 1),
            event("bare", "d3,1772445601", bare, 2));
    p.run().waitUntilFinish();
  }

  /** Writes a file of one event and checks that it is read as an event of {@code source}. */
  private void assertOneLineFileReadAs(String fileName, String source) throws IOException {
    File file = write(fileName, PLAYBACK);
    assertReads(List.of("*.jsonl"), event(source, PLAYBACK, file, 1));
  }

  /** Reads the files matching the patterns and checks that exactly the expected events come out. */
  private void assertReads(List<String> patterns, RawEvent... expected) {
    PAssert.that(read(patterns.toArray(new String[0]))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  private File write(String name, String... lines) throws IOException {
    File file = folder.newFile(name);
    Files.write(file.toPath(), Arrays.asList(lines), StandardCharsets.UTF_8);
    return file;
  }

  /** Reads the files of the folder that match the patterns, with the test mapping. */
  private PCollection<RawEvent> read(String... patterns) {
    String root = folder.getRoot().getAbsolutePath() + File.separator;
    List<String> paths = Arrays.stream(patterns).map(pattern -> root + pattern).toList();
    return p.apply(ReadEventFiles.matching(paths).withMapping(Fixtures.mapping()));
  }

  private static RawEvent event(String source, String line, File file, long lineNumber) {
    return RawEvent.of(source, line.getBytes(StandardCharsets.UTF_8), file.getAbsolutePath(), lineNumber);
  }

  /** The messages of the exception and its causes. */
  private static String causes(Throwable e) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
