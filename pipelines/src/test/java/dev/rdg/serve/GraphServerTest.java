package dev.rdg.serve;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.mapping.Retention;
import dev.rdg.cli.IngestedNetflix;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSinks;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The HTTP API of {@code rdg serve} on the ingested Netflix sample: answers, 400s, 404s and the page. */
@RunWith(JUnit4.class)
public class GraphServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static GraphReader graph;
  private static GraphServer server;

  @BeforeClass
  public static void startServer() throws Exception {
    graph = GraphSinks.fromUri(IngestedNetflix.sink()).openReader();
    server = GraphServer.start(graph, Retention.NONE, new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterClass
  public static void stopServer() {
    server.close();
    graph.close();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(String pathAndQuery) throws Exception {
    HttpResponse<String> response = get(pathAndQuery);
    assertThat(pathAndQuery + ": " + response.body(), response.statusCode(), equalTo(200));
    assertThat(response.headers().firstValue("Content-Type").orElse(""), containsString("application/json"));
    return JSON.readTree(response.body());
  }

  private static String error(String pathAndQuery, int status) throws Exception {
    HttpResponse<String> response = get(pathAndQuery);
    assertThat(pathAndQuery + ": " + response.body(), response.statusCode(), equalTo(status));
    return JSON.readTree(response.body()).get("error").asText();
  }

  private static List<String> keys(JsonNode nodes) {
    List<String> keys = new ArrayList<>();
    nodes.forEach(node -> keys.add(node.get("type").asText() + ":" + node.get("id").asText()));
    return keys;
  }

  /** A node is its export line, byte for byte, also when its id has {@code |} and {@code :}. */
  @Test
  public void testNodeIsExportLine() throws Exception {
    assertThat(
        get("/api/nodes/account/a1").body(),
        equalTo(IngestedNetflix.expectedLine("{\"kind\":\"node\",\"type\":\"account\",\"id\":\"a1\",") + "\n"));
    assertThat(
        ok("/api/nodes/title/tt%3A0042%7Ca").get("properties").get("name").asText(), equalTo("Stranger Things"));
  }

  /** Ana's devices: a percent-encoded id with a slash, direction and edge type filters. */
  @Test
  public void testNeighbors() throws Exception {
    JsonNode answer = ok("/api/nodes/profile/a1%2F0/neighbors?direction=out&edgeType=streamed_from");
    assertThat(
        keys(answer.get("nodes")),
        contains("profile:a1/0", "device:d-a1-phone", "device:d-a1-tablet", "device:d-a1-tv"));
    assertThat(answer.get("edges").get(0).get("kind").asText(), equalTo("edge"));
    JsonNode two = ok("/api/nodes/profile/a1%2F0/neighbors?limit=2");
    assertThat(two.get("edges").size(), equalTo(2));
    assertThat(two.get("truncated").asBoolean(), equalTo(true));
  }

  /** Two hops from the TV: 13 edges, 10 nodes, as the engine's test worked out. */
  @Test
  public void testTraverse() throws Exception {
    JsonNode answer = ok("/api/traverse?from=device:d-a1-tv&hops=2");
    assertThat(answer.get("edges").size(), equalTo(13));
    assertThat(answer.get("nodes").size(), equalTo(10));
    assertThat(ok("/api/traverse?from=device:d-a1-tv&hops=1").get("edges").size(), equalTo(3));
  }

  /** The member behind the TV, and the path between a2 and a3. */
  @Test
  public void testEntityAndPath() throws Exception {
    JsonNode entity =
        ok("/api/entity?node=device:d-a1-tv&edgeType=has_profile,streamed_from&edgeType=logged_in_from");
    assertThat(
        keys(entity.get("nodes")),
        containsInAnyOrder(
            "device:d-a1-tv", "device:d-a1-phone", "device:d-a1-tablet", "account:a1", "profile:a1/0",
            "profile:a1/1", "profile:a1/2"));
    JsonNode path = ok("/api/path?from=account:a2&to=account:a3");
    assertThat(
        keys(path.get("nodes")),
        contains("account:a2", "profile:a2/1", "game:g:squid-unleashed", "profile:a3/0", "account:a3"));
  }

  /** Unknown nodes, routes and files are 404; only the graph and the page are served. */
  @Test
  public void testNotFound() throws Exception {
    assertThat(error("/api/nodes/account/a9", 404), equalTo("no node account:a9 in the graph"));
    assertThat(error("/api/traverse?from=account:nobody", 404), equalTo("no node account:nobody in the graph"));
    assertThat(
        error("/api/path?from=account:a6&to=device:d-a1-tv", 404),
        equalTo("no path from account:a6 to device:d-a1-tv within 6 hops"));
    error("/api/nodes/account/a1/friends", 404);
    error("/api/shutdown", 404);
    error("/pom.xml", 404);
    error("/dev/rdg/serve/GraphServer.class", 404);
    error("/..%2F..%2Fpom.xml", 404);
  }

  /**
   * Bad type names, negative or too large counts, bad directions, missing, unknown and repeated parameters
   * are 400 with the reason.
   */
  @Test
  public void testBadRequests() throws Exception {
    assertThat(error("/api/nodes/acc%20ount/a1", 400), containsString("invalid type name 'acc ount'"));
    assertThat(
        error("/api/nodes/account/a1/neighbors?limit=-5", 400), equalTo("limit must be >= 0, but was -5"));
    assertThat(error("/api/nodes/account/a1/neighbors?direction=up", 400), containsString("out, in or both"));
    assertThat(error("/api/traverse?from=account:a1&hops=-1", 400), equalTo("hops must be >= 0, but was -1"));
    assertThat(error("/api/traverse?from=a1", 400), containsString("from must be TYPE:ID"));
    assertThat(error("/api/traverse", 400), equalTo("parameter 'from' is required"));
    assertThat(
        error("/api/traverse?from=account:a1&edgeType=x;DROP", 400), containsString("invalid type name 'x;DROP'"));
    assertThat(
        error("/api/traverse?from=account:a1&hops=11", 400), equalTo("hops must be <= 10, but was 11"));
    assertThat(
        error("/api/nodes/account/a1/neighbors?limit=2147483647", 400),
        equalTo("limit must be <= 10000, but was 2147483647"));
    assertThat(error("/api/entity?node=account:a1&maxNodes=20000", 400), containsString("maxNodes must be <="));
    assertThat(
        "the command line's spelling is not a filter here",
        error("/api/traverse?from=account:a1&edgeTypes=has_profile", 400),
        containsString("unknown parameter 'edgeTypes'"));
    assertThat(
        error("/api/traverse?from=account:a1&from=account:a2", 400), equalTo("parameter 'from' is given twice"));
    assertThat(
        "edgeType may repeat",
        ok("/api/traverse?from=account:a1&edgeType=has_profile&edgeType=logged_in_from&hops=1").get("edges").size(),
        equalTo(ok("/api/traverse?from=account:a1&edgeType=has_profile,logged_in_from&hops=1").get("edges").size()));
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve("/api/nodes/account/a1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode(), equalTo(405));
  }

  /** The page and the drawing library come from the jar. */
  @Test
  public void testPageAndLibrary() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode(), equalTo(200));
    assertThat(page.body(), containsString("<script src=\"lib/cytoscape.min.js\"></script>"));
    HttpResponse<String> library = get("/lib/cytoscape.min.js");
    assertThat(library.statusCode(), equalTo(200));
    assertThat(library.body().length(), greaterThan(100_000));
    assertThat(get("/app.js").statusCode(), equalTo(200));
  }
}
