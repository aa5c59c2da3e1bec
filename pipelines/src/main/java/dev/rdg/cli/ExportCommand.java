package dev.rdg.cli;

import dev.rdg.pipelines.UsageException;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.JsonlExport;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rdg export --sink=URI --format=jsonl [--output=FILE]}: the graph in the export format, sorted. */
@Command(name = "export", description = "Writes the whole graph of a sink in a standard format.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--sink", required = true, description = "The sink to read, e.g. embedded:./rdg-data")
  private String sink;

  @Option(names = "--format", defaultValue = "jsonl", description = "Output format: jsonl")
  private String format;

  @Option(names = "--output", description = "Output file (default: standard output)")
  private Path output;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("jsonl")) {
      throw new UsageException("unsupported --format=" + format + " (supported: jsonl)");
    }
    GraphSink graph = GraphSinks.fromUri(sink);
    try (GraphReader reader = graph.openReader();
        Writer out =
            output == null
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      JsonlExport.write(reader, out);
    }
    return 0;
  }
}
