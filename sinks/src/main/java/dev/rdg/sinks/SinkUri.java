package dev.rdg.sinks;

import dev.rdg.mapping.DurationText;
import java.io.Serializable;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.Duration;

/**
 * A sink URI split into its location and its options, the query string: {@code
 * neo4j://127.0.0.1:7687?user=neo4j&password=secret&batchSize=500}. Options that need more than the URI
 * travel in it, so {@link GraphSinks#fromUri} alone configures any sink; {@link #masked()} is the URI to show
 * in logs and display data, with every password ({@code password}, {@code sslpassword},
 * {@code ssl.key.password}, …) and Kafka's {@code sasl.jaas.config} replaced by {@code <provided>}.
 *
 * <pre>{@code
 * SinkUri uri = SinkUri.parse(text).checkOptions(Set.of("user", "password", "batchSize"));
 * int batchSize = uri.intOption("batchSize", 1000, 1);
 * }</pre>
 */
public final class SinkUri implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Options whose values are secrets besides every {@code …password}: Kafka's SASL login configuration. */
  private static final Set<String> SECRETS = Set.of("sasl.jaas.config");

  private final String text;
  private final String location;
  private final Map<String, String> options;

  private SinkUri(String text, String location, Map<String, String> options) {
    this.text = text;
    this.location = location;
    this.options = options;
  }

  /** Splits {@code uri} at its first {@code ?}; options are {@code name=value} pairs joined by {@code &}. */
  public static SinkUri parse(String uri) {
    int query = uri.indexOf('?');
    Map<String, String> options = new LinkedHashMap<>();
    if (query >= 0) {
      for (String pair : uri.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        options.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return new SinkUri(uri, query < 0 ? uri : uri.substring(0, query), options);
  }

  /** The whole URI as given. */
  public String text() {
    return text;
  }

  /** The URI before its options. */
  public String location() {
    return location;
  }

  /** The options by name, in the order given. */
  public Map<String, String> options() {
    return options;
  }

  /** Throws, naming the known options, if an option is not one of {@code known}. */
  public SinkUri checkOptions(Set<String> known) {
    for (String name : options.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "sink URI '" + masked() + "': unknown option '" + name + "'; known options: "
                + known.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    return this;
  }

  /** The option's value, or {@code otherwise}. */
  public String option(String name, String otherwise) {
    return options.getOrDefault(name, otherwise);
  }

  /** A whole number option of at least {@code min}. */
  public int intOption(String name, int otherwise, int min) {
    String value = options.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "sink URI '" + masked() + "': option " + name + "=" + value + " must be a whole number >= " + min);
  }

  /**
   * A positive duration option in the command line's syntax ({@link DurationText}): {@code 500ms},
   * {@code 2s}, {@code 1m}.
   */
  public Duration durationOption(String name, Duration otherwise) {
    String value = options.get(name);
    if (value == null) {
      return otherwise;
    }
    Duration duration = null;
    try {
      duration = DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (duration == null || !duration.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "sink URI '" + masked() + "': option " + name + "=" + value
              + " must be a positive duration such as 500ms, 2s or 1m");
    }
    return duration;
  }

  /** The location with the options except {@code dropped}, for a driver that reads the rest. */
  public String locationWithOptionsExcept(Set<String> dropped) {
    String rest =
        options.entrySet().stream()
            .filter(option -> !dropped.contains(option.getKey()))
            .map(option -> encode(option.getKey()) + "=" + encode(option.getValue()))
            .collect(Collectors.joining("&"));
    return rest.isEmpty() ? location : location + "?" + rest;
  }

  /** The URI with every secret option's value replaced by {@code <provided>}: safe for logs. */
  public String masked() {
    if (options.keySet().stream().noneMatch(SinkUri::isSecret)) {
      return text;
    }
    String shown =
        options.entrySet().stream()
            .map(o -> o.getKey() + "=" + (isSecret(o.getKey()) ? "<provided>" : o.getValue()))
            .collect(Collectors.joining("&"));
    return location + "?" + shown;
  }

  @Override
  public String toString() {
    return masked();
  }

  private static boolean isSecret(String option) {
    return option.toLowerCase(Locale.ROOT).endsWith("password") || SECRETS.contains(option);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
