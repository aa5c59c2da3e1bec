package dev.rdg.sinks;

/**
 * Makes the sinks of one URI scheme. Implementations are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/dev.rdg.sinks.GraphSinkProvider} and {@link GraphSinks#fromUri} knows the
 * scheme as soon as the jar is on the classpath.
 *
 * <pre>{@code
 * public final class Neo4jSinkProvider implements GraphSinkProvider {
 *   public String scheme() { return "neo4j"; }
 *   public GraphSink create(String uri) { return Neo4jGraphSink.of(uri); }
 * }
 * }</pre>
 */
public interface GraphSinkProvider {
  /** The scheme this provider serves, lower case, e.g. {@code embedded}. */
  String scheme();

  /**
   * A sink for {@code uri}, whose scheme is {@link #scheme()}; throws {@link IllegalArgumentException} saying
   * what is wrong when the rest of the URI is not valid.
   */
  GraphSink create(String uri);
}
