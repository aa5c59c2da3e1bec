package dev.rdg.sinks.neo4j;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;

/** Registers {@code neo4j://HOST:PORT} (see {@link Neo4jGraphSink}) with {@code GraphSinks}. */
public final class Neo4jSinkProvider implements GraphSinkProvider {
  @Override
  public String scheme() {
    return "neo4j";
  }

  @Override
  public GraphSink create(String uri) {
    return Neo4jGraphSink.of(uri);
  }
}
