package dev.rdg.sinks.kafka;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registers the scheme {@code kafka://HOST:PORT?prefix=rdg} (see {@link KafkaGraphSink}) with {@code GraphSinks}. */
public final class KafkaSinkProvider implements GraphSinkProvider {
  private static final String DEFAULT_PREFIX = "rdg";

  @Override
  public String scheme() {
    return KafkaGraphSink.SCHEME;
  }

  @Override
  public GraphSink create(String uri) {
    String start = KafkaGraphSink.SCHEME + "://";
    if (!uri.regionMatches(true, 0, start, 0, start.length())) {
      throw new IllegalArgumentException(
          "sink URI '" + uri + "' is not a kafka://HOST:PORT?prefix=PREFIX URI");
    }
    String rest = uri.substring(start.length());
    int query = rest.indexOf('?');
    String bootstrap = query < 0 ? rest : rest.substring(0, query);
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException(
          "sink URI '" + uri + "' names no broker; expected kafka://HOST:PORT?prefix=rdg");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    String prefix = DEFAULT_PREFIX;
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int eq = parameter.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "sink URI '" + uri + "': parameter '" + parameter + "' is not NAME=VALUE");
        }
        String name = decode(parameter.substring(0, eq));
        String value = decode(parameter.substring(eq + 1));
        if (name.equals("prefix")) {
          prefix = value;
        } else {
          properties.put(name, value);
        }
      }
    }
    return KafkaGraphSink.of(bootstrap, prefix, properties, uri);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
