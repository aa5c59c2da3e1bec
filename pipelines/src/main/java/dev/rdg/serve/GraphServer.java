package dev.rdg.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rdg.mapping.Retention;
import dev.rdg.model.NodeRef;
import dev.rdg.pipelines.UsageException;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.RetainedGraph;
import dev.rdg.sinks.query.EdgeFilter;
import dev.rdg.sinks.query.GraphQuery;
import dev.rdg.sinks.query.NodeNotFoundException;
import dev.rdg.sinks.query.QueryJson;
import dev.rdg.sinks.query.Subgraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query engine over HTTP ({@code rdg serve}), on the JDK's own HTTP server, answering JSON in the
 * export's shapes ({@link QueryJson}), and the page that draws a node's neighbourhood.
 *
 * <pre>
 *   GET /api/nodes/{type}/{id}                      the node (its export line)
 *   GET /api/nodes/{type}/{id}/neighbors?direction=out|in|both&amp;edgeType=a,b&amp;limit=300&amp;lookback=100d&amp;asOf=…&amp;selection=latest|any
 *   GET /api/traverse?from={type}:{id}&amp;hops=2&amp;limit=300&amp;…   k-hop subgraph {"nodes":[…],"edges":[…],"truncated":…}
 *   GET /api/path?from={type}:{id}&amp;to={type}:{id}&amp;maxHops=6&amp;…
 *   GET /api/entity?node={type}:{id}&amp;edgeType=has_profile,streamed_from,logged_in_from&amp;maxNodes=…
 *   GET /                                           the page (Cytoscape.js, served from the jar)
 * </pre>
 *
 * <p>Ids in paths are percent-encoded ({@code profile/a1%2F0}). A bad, unknown or repeated parameter answers
 * 400 ({@code edgeType} may repeat), an unknown node or path 404, each as {@code {"error":"…"}}; only GET
 * is served, and only the graph and the page's own files: nothing else on the machine is reachable. One
 * request's work is bounded: at most {@value #MAX_HOPS} hops, {@value #MAX_LIMIT} edges per hop and
 * {@link GraphQuery#DEFAULT_MAX_NODES} nodes. The graph is read under its retention policy, as of the
 * request's {@code asOf} when it gives one (as {@code rdg query --asOf} does).
 *
 * <pre>{@code
 * try (GraphServer server = GraphServer.start(reader, retention, new InetSocketAddress("127.0.0.1", 8080))) {
 *   System.out.println(server.uri());
 *   Thread.currentThread().join();
 * }
 * }</pre>
 */
public final class GraphServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphServer.class);
  private static final String WEB = "/dev/rdg/serve/web/";
  private static final String WEBJAR = "/META-INF/resources/webjars/cytoscape/";
  /** The page's files: name → content type. Nothing outside this list is served. */
  private static final Map<String, String> PAGE_FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8");

  /** The most hops a traversal or path request may ask for. */
  static final int MAX_HOPS = 10;
  /** The most edges per hop a request may ask for. */
  static final int MAX_LIMIT = 10_000;
  private static final Set<String> PARAMETERS =
      Set.of("direction", "edgeType", "lookback", "asOf", "selection", "limit", "from", "to", "hops", "maxHops",
          "node", "maxNodes");

  private final HttpServer server;
  private final ExecutorService executor;
  private final GraphReader graph;
  private final Retention retention;
  /** The graph under its retention as of its newest time: the answer to requests without {@code asOf}. */
  private final GraphQuery query;

  private GraphServer(HttpServer server, ExecutorService executor, GraphReader graph, Retention retention) {
    this.server = server;
    this.executor = executor;
    this.graph = graph;
    this.retention = retention;
    this.query = new GraphQuery(RetainedGraph.of(graph, retention, null));
  }

  /**
   * Starts serving {@code graph} under {@code retention} ({@link Retention#NONE}: everything) on
   * {@code address} (port 0: a free port); close to stop. The graph stays the caller's to close.
   */
  public static GraphServer start(GraphReader graph, Retention retention, InetSocketAddress address)
      throws IOException {
    HttpServer http = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    http.setExecutor(executor);
    GraphServer server = new GraphServer(http, executor, graph, retention);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  /** The address the server listens on, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        sendJson(exchange, 405, QueryJson.error("only GET is served"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/api/")) {
        answer(exchange, path);
      } else {
        page(exchange, path);
      }
    } catch (RuntimeException | IOException e) {
      LOG.warn("request {} failed", exchange.getRequestURI(), e);
    }
  }

  private void answer(HttpExchange exchange, String path) throws IOException {
    int status = 200;
    String body;
    try {
      body = route(segments(path), parameters(exchange.getRequestURI().getRawQuery()));
      if (body == null) {
        status = 404;
        body = QueryJson.error("no such resource: " + path);
      }
    } catch (IllegalArgumentException | UsageException e) {
      status = 400;
      body = QueryJson.error(e.getMessage());
    } catch (NodeNotFoundException | NoPathException e) {
      status = 404;
      body = QueryJson.error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("query {} failed", exchange.getRequestURI(), e);
      status = 500;
      body = QueryJson.error("query failed (the server's log says why)");
    }
    sendJson(exchange, status, body);
  }

  /** The answer to an API path, or null when no route matches. */
  private String route(List<String> segments, Map<String, String> params) {
    EdgeFilter filter = filter(params);
    GraphQuery query = queryAsOf(filter.asOf());
    int n = segments.size();
    if (n >= 4 && n <= 5 && segments.get(1).equals("nodes")) {
      NodeRef ref = NodeRef.of(segments.get(2), segments.get(3));
      if (n == 4) {
        return QueryJson.node(query.node(ref));
      }
      if (segments.get(4).equals("neighbors")) {
        int limit = capped("limit", params, GraphQuery.DEFAULT_EDGES_PER_HOP, MAX_LIMIT);
        return QueryJson.subgraph(
            query.neighbors(ref, filter, limit, QueryParams.selection(params.get("selection"))));
      }
      return null;
    }
    if (n != 2) {
      return null;
    }
    switch (segments.get(1)) {
      case "traverse":
        {
          NodeRef from = QueryParams.node("from", required(params, "from"));
          int hops = capped("hops", params, 2, MAX_HOPS);
          int limit = capped("limit", params, GraphQuery.DEFAULT_EDGES_PER_HOP, MAX_LIMIT);
          return QueryJson.subgraph(
              query.traverse(from, filter, hops, limit, QueryParams.selection(params.get("selection"))));
        }
      case "path":
        {
          NodeRef from = QueryParams.node("from", required(params, "from"));
          NodeRef to = QueryParams.node("to", required(params, "to"));
          int maxHops = capped("maxHops", params, GraphQuery.DEFAULT_MAX_PATH_HOPS, MAX_HOPS);
          Optional<Subgraph> path = query.path(from, to, filter, maxHops);
          return QueryJson.subgraph(
              path.orElseThrow(() -> new NoPathException(from, to, maxHops)));
        }
      case "entity":
        {
          NodeRef node = QueryParams.node("node", required(params, "node"));
          int maxNodes = capped("maxNodes", params, GraphQuery.DEFAULT_MAX_NODES, GraphQuery.DEFAULT_MAX_NODES);
          return QueryJson.subgraph(query.entity(node, filter, maxNodes));
        }
      default:
        return null;
    }
  }

  /**
   * The query for a request: as of its {@code asOf}, retention's cut-off moves with it, as in
   * {@code rdg query --asOf}; a view made for the request, over the one graph (never closed here).
   */
  private GraphQuery queryAsOf(@Nullable Instant asOf) {
    if (asOf == null || retention.isEmpty()) {
      return query;
    }
    return new GraphQuery(RetainedGraph.of(graph, retention, asOf));
  }

  /** A count parameter, its default when absent, refused above {@code max} so one request stays small. */
  private static int capped(String name, Map<String, String> params, int otherwise, int max) {
    int value = QueryParams.count(name, params.get(name), otherwise);
    if (value > max) {
      throw new IllegalArgumentException(name + " must be <= " + max + ", but was " + value);
    }
    return value;
  }

  private static EdgeFilter filter(Map<String, String> params) {
    return QueryParams.filter(
        params.get("direction"), params.get("edgeType"), params.get("lookback"), params.get("asOf"));
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException("parameter '" + name + "' is required");
    }
    return value;
  }

  /** The page's files and the drawing library, from the jar; anything else is 404. */
  private void page(HttpExchange exchange, String path) throws IOException {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    String type = PAGE_FILES.get(name);
    String resource = type == null ? null : WEB + name;
    if (name.equals("lib/cytoscape.min.js")) {
      type = "text/javascript; charset=utf-8";
      try {
        resource = WEBJAR + cytoscapeVersion() + "/dist/cytoscape.min.js";
      } catch (IOException e) {
        LOG.warn("cannot serve the drawing library", e);
        sendJson(exchange, 500, QueryJson.error("the drawing library is missing from this build"));
        return;
      }
    }
    try (InputStream in = resource == null ? null : GraphServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        sendJson(exchange, 404, QueryJson.error("no such resource: " + path));
        return;
      }
      send(exchange, 200, type, in.readAllBytes());
    }
  }

  /** The version of the Cytoscape.js webjar on the classpath, from its Maven metadata. */
  private static String cytoscapeVersion() throws IOException {
    try (InputStream in =
        GraphServer.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/cytoscape/pom.properties")) {
      if (in == null) {
        throw new IOException("the Cytoscape.js webjar is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", (json + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The path's segments after {@code /api}, percent-decoded ({@code +} stays a plus sign). */
  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.substring("/api/".length()).split("/", -1)) {
      segments.add(decode(segment));
    }
    segments.add(0, "api");
    return segments;
  }

  /**
   * Query parameters, percent-decoded; {@code edgeType} may repeat (its values joined with commas), any other
   * parameter given twice, or one no route knows, is refused: a misspelt filter must not widen the answer.
   */
  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown parameter '" + name + "'; known: " + String.join(", ", new TreeSet<>(PARAMETERS)));
      }
      if (params.containsKey(name) && !name.equals("edgeType")) {
        throw new IllegalArgumentException("parameter '" + name + "' is given twice");
      }
      params.merge(name, value, (a, b) -> a + "," + b);
    }
    return params;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad percent-encoding in '" + segment + "'");
    }
  }

  /** No path within the hops asked for: HTTP 404. */
  private static final class NoPathException extends RuntimeException {
    NoPathException(NodeRef from, NodeRef to, int maxHops) {
      super("no path from " + from + " to " + to + " within " + maxHops + " hops");
    }
  }
}
