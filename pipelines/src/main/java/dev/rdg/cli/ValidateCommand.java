package dev.rdg.cli;

import dev.rdg.mapping.Mapping;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rdg validate --mapping=FILE}: checks a mapping file without running anything and prints every
 * problem as {@code FILE:line:column: message}. Exit code 0 when the mapping is valid, 2 when it is not
 * ({@code rdg ingest} refuses the same mapping with the same messages).
 */
@Command(
    name = "validate",
    description = "Checks a mapping file and reports every problem with its line and column.")
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "The mapping file to check.")
  private Path mapping;

  @Override
  public Integer call() {
    try {
      Mapping valid = Mapping.load(mapping);
      System.out.println(
          mapping + ": valid (" + valid.sources().size() + " sources, " + valid.lookups().size()
              + " lookup tables)");
      return 0;
    } catch (Mapping.MappingException e) {
      e.problems().forEach(problem -> System.err.println("rdg: error: " + problem));
      System.err.println(
          "rdg: " + mapping + ": " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s"));
      return Rdg.USAGE;
    }
  }
}
