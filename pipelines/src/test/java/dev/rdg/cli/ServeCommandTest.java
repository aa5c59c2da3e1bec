package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import picocli.CommandLine;

/** What {@code rdg serve} binds to unless told otherwise. */
@RunWith(JUnit4.class)
public class ServeCommandTest {
  /** Loopback by default: the graph is not served to the network unless --host says so. */
  @Test
  public void testBindsLoopbackByDefault() {
    CommandLine serve = new CommandLine(new ServeCommand());
    serve.parseArgs("--sink=embedded:./rdg-data");
    assertThat(serve.getCommandSpec().findOption("--host").getValue(), equalTo("127.0.0.1"));
    serve.parseArgs("--sink=embedded:./rdg-data", "--host=0.0.0.0");
    assertThat(serve.getCommandSpec().findOption("--host").getValue(), equalTo("0.0.0.0"));
  }
}
