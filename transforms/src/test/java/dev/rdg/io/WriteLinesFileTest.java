package dev.rdg.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WriteLinesFileTest {
  @Rule public final transient TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** Every line once, in a file whose folder did not exist, and nothing else left in the folder. */
  @Test
  public void testWritesEveryLineIntoOneFile() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      lines.add("{\"line\":" + i + ",\"text\":\"caf\u00e9 \\\"quoted\\\"\"}");
    }
    Path file = tmp.getRoot().toPath().resolve("new/folder/deadletters.jsonl");

    p.apply(Create.of(lines)).apply(WriteLinesFile.to(file));
    p.run().waitUntilFinish();

    assertThat(Files.readAllLines(file, UTF_8), containsInAnyOrder(lines.toArray(new String[0])));
    assertThat(namesIn(file.getParent()), equalTo(List.of("deadletters.jsonl")));
  }

  /** No lines replace an earlier run's file with an empty one: stale dead letters must not survive. */
  @Test
  public void testNoLinesLeaveAnEmptyFileInPlaceOfAnEarlierOne() throws IOException {
    Path file = tmp.getRoot().toPath().resolve("deadletters.jsonl");
    Files.writeString(file, "{\"from\":\"an earlier run\"}\n", UTF_8);

    p.apply(Create.empty(StringUtf8Coder.of())).apply(WriteLinesFile.to(file));
    p.run().waitUntilFinish();

    assertThat(Files.readAllLines(file, UTF_8), empty());
    assertThat(namesIn(file.getParent()), equalTo(List.of("deadletters.jsonl")));
  }

  @Test
  public void testRejectsAStream() {
    assertRejected(
        p.apply(TestStream.create(StringUtf8Coder.of()).addElements("a").advanceWatermarkToInfinity()),
        "bounded");
  }

  @Test
  public void testRejectsLinesInWindows() {
    assertRejected(
        p.apply(Create.of("a")).apply(Window.into(FixedWindows.of(Duration.standardMinutes(1)))),
        "global window");
  }

  @Test
  public void testRejectsNoFile() {
    assertThrows(IllegalArgumentException.class, () -> WriteLinesFile.to(null));
    assertThrows(IllegalArgumentException.class, () -> WriteLinesFile.to(Path.of("/")));
  }

  private void assertRejected(PCollection<String> lines, String why) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lines.apply(WriteLinesFile.to(tmp.getRoot().toPath().resolve("f"))));
    assertThat(e.getMessage(), containsString(why));
  }

  private static List<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
