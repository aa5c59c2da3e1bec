package dev.rdg.sinks;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code --name=value} arguments of the sinks' benchmark mains ({@code --flag} alone is {@code true}).
 *
 * <pre>{@code
 * int queries = Integer.parseInt(BenchmarkArgs.parse(args).getOrDefault("queries", "2000"));
 * }</pre>
 */
public final class BenchmarkArgs {
  private BenchmarkArgs() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    return options;
  }
}
