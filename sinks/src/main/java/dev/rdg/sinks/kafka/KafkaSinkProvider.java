package dev.rdg.sinks.kafka;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;
import dev.rdg.sinks.SinkUri;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registers the scheme {@code kafka://HOST:PORT?prefix=rdg} (see {@link KafkaGraphSink}) with {@code GraphSinks}. */
public final class KafkaSinkProvider implements GraphSinkProvider {
  private static final String DEFAULT_PREFIX = "rdg";

  @Override
  public String scheme() {
    return KafkaGraphSink.SCHEME;
  }

  /** Errors show the URI {@link SinkUri#masked}: client properties may hold passwords and JAAS configs. */
  @Override
  public GraphSink create(String text) {
    SinkUri uri = SinkUri.parse(text);
    String start = KafkaGraphSink.SCHEME + "://";
    if (!uri.location().regionMatches(true, 0, start, 0, start.length())) {
      throw new IllegalArgumentException(
          "sink URI '" + uri.masked() + "' is not a kafka://HOST:PORT?prefix=PREFIX URI");
    }
    String bootstrap = uri.location().substring(start.length());
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException(
          "sink URI '" + uri.masked() + "' names no broker; expected kafka://HOST:PORT?prefix=rdg");
    }
    Map<String, String> properties = new LinkedHashMap<>(uri.options());
    String prefix = properties.getOrDefault("prefix", DEFAULT_PREFIX);
    properties.remove("prefix");
    if (properties.containsKey("")) {
      throw new IllegalArgumentException(
          "sink URI '" + uri.masked() + "': every parameter must be NAME=VALUE");
    }
    return KafkaGraphSink.of(bootstrap, prefix, properties, text);
  }
}
