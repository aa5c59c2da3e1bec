package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code rdg validate}: the sample mappings are valid (exit 0); each broken mapping in
 * {@code test-data/mappings/invalid/} reports exactly the problems its {@code # expect LINE:COLUMN text}
 * comments list, each at its line and column, and exits 2; {@code rdg ingest} refuses it the same way.
 */
@RunWith(JUnit4.class)
public class ValidateCommandTest {
  private static final Path INVALID = NetflixSample.TEST_DATA.resolve("mappings/invalid");

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @Before
  public void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  /** The Netflix and catalog mappings are valid: exit code 0 and one line saying so. */
  @Test
  public void testSampleMappingsAreValid() {
    assertThat(Rdg.execute("validate", "--mapping=" + NetflixSample.MAPPING), equalTo(0));
    assertThat(Rdg.execute("validate", "--mapping=" + CatalogSampleTest.MAPPING), equalTo(0));
    assertThat(out.toString(StandardCharsets.UTF_8), containsString("catalog.yaml: valid (3 sources, 2 lookup tables)"));
    assertThat(err.toString(StandardCharsets.UTF_8), equalTo(""));
  }

  /** Every broken mapping: exit code 2, exactly the expected problems, each at its line and column. */
  @Test
  public void testInvalidMappingsReportEveryProblemAtItsPlace() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(INVALID)) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
    assertThat("test-data/mappings/invalid/ has broken mappings", files.size() >= 6, equalTo(true));
    for (Path file : files) {
      err.reset();
      assertThat(file + " exit code", Rdg.execute("validate", "--mapping=" + file), equalTo(Rdg.USAGE));
      List<String> problems =
          err.toString(StandardCharsets.UTF_8).lines()
              .filter(line -> line.startsWith("rdg: error: "))
              .collect(Collectors.toList());
      List<String[]> expected =
          Files.readAllLines(file).stream()
              .filter(line -> line.startsWith("# expect "))
              .map(line -> line.substring("# expect ".length()).split(" ", 2))
              .collect(Collectors.toList());
      assertThat(file + " lists its expected problems", expected.isEmpty(), equalTo(false));
      assertThat(file + ": " + problems, problems, hasSize(expected.size()));
      for (String[] problem : expected) {
        String place = "rdg: error: " + file + ":" + problem[0] + ": ";
        assertThat(
            file + " reports " + problem[0] + " " + problem[1] + " in " + problems,
            problems.stream().anyMatch(line -> line.startsWith(place) && line.contains(problem[1])),
            equalTo(true));
      }
      assertThat(err.toString(StandardCharsets.UTF_8), not(containsString("\tat ")));
    }
  }

  /** The {@code rdg validate} session shown in docs/MAPPING.md is what the command prints. */
  @Test
  public void testDocumentedSessionMatches() throws IOException {
    String doc = Files.readString(NetflixSample.TEST_DATA.resolve("../docs/MAPPING.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```\n$ rdg validate ") + 4;
    List<String> session = doc.substring(start, doc.indexOf("```", start)).lines().collect(Collectors.toList());
    String mapping = session.get(0).substring("$ rdg validate --mapping=".length());
    assertThat(
        Rdg.execute("validate", "--mapping=" + NetflixSample.TEST_DATA.resolve("..").resolve(mapping).normalize()),
        equalTo(Rdg.USAGE));
    String printed = err.toString(StandardCharsets.UTF_8).replace(NetflixSample.TEST_DATA.toString(), "test-data");
    assertThat(printed.lines().collect(Collectors.toList()), equalTo(session.subList(1, session.size())));
  }

  /** {@code rdg ingest} refuses a broken mapping before anything runs, with the same lines and exit code 2. */
  @Test
  public void testIngestRefusesInvalidMapping() {
    Path file = INVALID.resolve("hostile-types.yaml");
    Rdg.execute("validate", "--mapping=" + file);
    List<String> validate =
        err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("rdg: error: ")).collect(Collectors.toList());
    err.reset();
    int exit =
        Rdg.execute(
            "ingest",
            "--mapping=" + file,
            "--input=" + NetflixSample.INPUT,
            "--sink=embedded:" + INVALID.resolve("never-created"),
            "--runner=DirectRunner");
    assertThat(exit, equalTo(Rdg.USAGE));
    assertThat(err.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList()), equalTo(validate));
    assertThat(Files.exists(INVALID.resolve("never-created")), equalTo(false));
  }
}
