package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@code --help} answers on every command, as the error messages tell users to ask. */
@RunWith(JUnit4.class)
public class RdgHelpTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @Before
  public void captureStdout() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @After
  public void restoreStdout() {
    System.setOut(originalOut);
  }

  /** Each command and each query prints its usage and exits 0. */
  @Test
  public void testEveryCommandPrintsItsUsage() {
    String[][] commands = {
      {"export"}, {"query"}, {"query", "node"}, {"query", "khop"}, {"query", "path"}, {"serve"}, {"validate"},
      {"compact"}, {"generate"}, {"bench"}
    };
    for (String[] command : commands) {
      out.reset();
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      String name = String.join(" ", command);
      assertThat(name, Rdg.execute(args), equalTo(0));
      assertThat(name, out.toString(StandardCharsets.UTF_8), containsString("Usage: rdg " + name));
    }
  }

  /** ingest --help lists rdg's own options and the Flink and Direct runners' options that pass through. */
  @Test
  public void testIngestHelpListsRunnerOptions() {
    assertThat(Rdg.execute("ingest", "--help"), equalTo(0));
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help, containsString("--mapping"));
    assertThat(help, containsString("--flinkMaster"));
    assertThat(help, containsString("--parallelism"));
    assertThat(help, containsString("--targetParallelism"));
  }
}
