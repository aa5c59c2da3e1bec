package dev.rdg.sinks.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;

/**
 * The Netflix sample's expected graph ({@code test-data/expected/netflix.jsonl}, which the end-to-end test
 * shows {@code rdg ingest} produces byte for byte) loaded into an embedded store, for the engine's tests.
 */
final class NetflixGraph {
  static final Path EXPECTED = Path.of("..", "test-data", "expected", "netflix.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private NetflixGraph() {}

  static EmbeddedGraphStore load(Path folder) throws IOException {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (String line : Files.readAllLines(EXPECTED, StandardCharsets.UTF_8)) {
      JsonNode json = JSON.readTree(line);
      Observations seen = observations(json);
      if (json.get("kind").asText().equals("node")) {
        nodes.add(Node.of(NodeRef.of(json.get("type").asText(), json.get("id").asText()), seen, null));
      } else {
        edges.add(
            Edge.of(
                EdgeRef.of(json.get("type").asText(), ref(json.get("src")), ref(json.get("dst"))), seen, null));
      }
    }
    EmbeddedGraphStore store = EmbeddedGraphStore.open(folder);
    store.upsertNodes(nodes);
    store.upsertEdges(edges);
    return store;
  }

  private static NodeRef ref(JsonNode json) {
    return NodeRef.of(json.get("type").asText(), json.get("id").asText());
  }

  private static Observations observations(JsonNode json) {
    Instant last = Instant.parse(json.get("lastSeen").asText());
    Map<String, Object> values = new LinkedHashMap<>();
    json.get("properties").fields().forEachRemaining(
        field -> {
          JsonNode value = field.getValue();
          values.put(
              field.getKey(),
              value.isTextual() ? value.asText()
                  : value.isIntegralNumber() ? (Object) value.asLong()
                  : value.isDouble() ? (Object) value.asDouble() : (Object) value.asBoolean());
        });
    return Observations.of(
        Properties.of(values, last), Instant.parse(json.get("firstSeen").asText()), last,
        json.get("count").asLong());
  }
}
