package dev.rdg.sinks.jdbc;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;

/** Registers {@code jdbc:postgresql://…} (see {@link PostgresGraphSink}) with {@code GraphSinks}. */
public final class PostgresSinkProvider implements GraphSinkProvider {
  @Override
  public String scheme() {
    return PostgresGraphSink.SCHEME;
  }

  @Override
  public GraphSink create(String uri) {
    return PostgresGraphSink.of(uri);
  }
}
