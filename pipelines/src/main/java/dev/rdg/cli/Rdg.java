package dev.rdg.cli;

import dev.rdg.pipelines.UsageException;
import dev.rdg.sinks.query.NodeNotFoundException;
import java.io.PrintWriter;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code rdg} command: {@code rdg ingest …} builds the graph, {@code rdg export …} writes it out,
 * {@code rdg query …} asks it questions and {@code rdg serve …} answers them over HTTP.
 *
 * <p>Bad usage (unknown option, missing file, unknown sink) ends with one {@code rdg: error: …} line and
 * exit code 2; a job that fails ends with one {@code rdg: failed: …} line and exit code 1. No stack traces
 * unless {@code RDG_DEBUG=1}.
 */
@Command(
    name = "rdg",
    mixinStandardHelpOptions = true,
    version = "rdg 0.1.0",
    description = "Builds a property graph from event streams, on Apache Beam.",
    subcommands = {
      IngestCommand.class,
      ValidateCommand.class,
      ExportCommand.class,
      QueryCommand.class,
      ServeCommand.class,
      CompactCommand.class,
      GenerateCommand.class,
      BenchCommand.class
    })
public final class Rdg {
  public static final int USAGE = 2;
  public static final int FAILED = 1;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Rdg());
    addHelp(cli);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> report(commandLine.getErr(), e));
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          e.getCommandLine().getErr().println("rdg: error: " + e.getMessage());
          return USAGE;
        });
    return cli.execute(args);
  }

  /**
   * Every command answers {@code -h}/{@code --help} with its usage, except {@code ingest}, whose
   * {@code --help} lists Beam's and the runners' options.
   */
  private static void addHelp(CommandLine command) {
    for (CommandLine sub : command.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (!(sub.getCommand() instanceof IngestCommand) && spec.findOption("--help") == null) {
        spec.addOption(
            OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
      }
      addHelp(sub);
    }
  }

  private static int report(PrintWriter err, Exception e) {
    if (System.getenv("RDG_DEBUG") != null) {
      e.printStackTrace(err);
    }
    if (e instanceof UsageException
        || e instanceof IllegalArgumentException
        || e instanceof NodeNotFoundException) {
      err.println("rdg: error: " + e.getMessage());
      return USAGE;
    }
    Throwable cause = explanation(e);
    err.println("rdg: failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    return FAILED;
  }

  /**
   * What to tell about a failure: the innermost exception rdg's own code threw, whose message is written
   * for the user (a runner wraps it in its own, "Pipeline execution failed"); else what the DirectRunner
   * wrapped; else the failure itself.
   */
  static Throwable explanation(Throwable e) {
    Throwable ours = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      StackTraceElement[] trace = t.getStackTrace();
      if (trace.length > 0 && trace[0].getClassName().startsWith("dev.rdg.")) {
        ours = t;
      }
    }
    if (ours != null) {
      return ours;
    }
    return e instanceof PipelineExecutionException && e.getCause() != null ? e.getCause() : e;
  }
}
