package dev.rdg.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphJson;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.WindowShares;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The records of the Kafka sink: topic names, keys and JSON values of node and edge upserts.
 *
 * <p>Topics: {@code PREFIX.node.TYPE}, {@code PREFIX.edge.TYPE}, {@code PREFIX.deadletters}. The key is the
 * element's {@link Keys} key followed by its window ({@code account|a1|2026-03-01T19:00:00.000Z/…}), so log
 * compaction keeps exactly the latest pane of every window of every element: what the merge needs. The value
 * is the element's export line ({@link GraphJson}) plus {@code window} and {@code propertyTimes} (the event
 * time that set each property, for last-write-wins across windows):
 *
 * <pre>
 * {"kind":"node","type":"account","id":"a1","properties":{"plan":"premium"},"firstSeen":"…","lastSeen":"…",
 *  "count":3,"window":{"start":"…","end":"…"},"propertyTimes":{"plan":"…"}}
 * </pre>
 */
final class UpsertRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UpsertRecords() {}

  static String nodeTopic(String prefix, String type) {
    return prefix + ".node." + type;
  }

  static String edgeTopic(String prefix, String type) {
    return prefix + ".edge." + type;
  }

  static String deadLetterTopic(String prefix) {
    return prefix + ".deadletters";
  }

  static String key(Node node) {
    NodeRef ref = node.ref();
    return Keys.encode(ref.type(), ref.id(), WindowShares.label(node.window()));
  }

  static String key(Edge edge) {
    EdgeRef ref = edge.ref();
    return Keys.encode(
        ref.src().type(), ref.src().id(), ref.type(), ref.dst().type(), ref.dst().id(),
        WindowShares.label(edge.window()));
  }

  static String value(Node node) {
    return withShareFields(GraphJson.line(node), node.seen(), node.window());
  }

  static String value(Edge edge) {
    return withShareFields(GraphJson.line(edge), edge.seen(), edge.window());
  }

  /** A node or edge upsert read back: exactly one of the two is set. */
  static final class Upsert {
    final @Nullable Node node;
    final @Nullable Edge edge;

    private Upsert(@Nullable Node node, @Nullable Edge edge) {
      this.node = node;
      this.edge = edge;
    }

    /** The upsert's share of its window. */
    Observations seen() {
      return node != null ? node.seen() : edge.seen();
    }
  }

  /** Parses a value written by {@link #value}; {@link IllegalArgumentException} if it is not one. */
  static Upsert parse(String value) {
    JsonNode json;
    try {
      json = JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON upsert: " + e.getMessage(), e);
    }
    String kind = json.path("kind").asText();
    if (!kind.equals("node") && !kind.equals("edge")) {
      throw new IllegalArgumentException("not a node or edge upsert: kind '" + kind + "'");
    }
    Observations seen = observations(json);
    IntervalWindow window = window(json.path("window"));
    if (kind.equals("node")) {
      return new Upsert(Node.of(NodeRef.of(text(json, "type"), text(json, "id")), seen, window), null);
    }
    EdgeRef ref = EdgeRef.of(text(json, "type"), ref(json.path("src")), ref(json.path("dst")));
    return new Upsert(null, Edge.of(ref, seen, window));
  }

  private static String withShareFields(
      String exportLine, Observations seen, @Nullable IntervalWindow window) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(exportLine);
      if (window == null) {
        json.putNull("window");
      } else {
        json.putObject("window").put("start", window.start().toString()).put("end", window.end().toString());
      }
      ObjectNode times = json.putObject("propertyTimes");
      seen.properties().stamps().forEach((name, asOf) -> times.put(name, asOf.toString()));
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Observations observations(JsonNode json) {
    Properties properties = Properties.empty();
    JsonNode times = json.path("propertyTimes");
    Iterator<Map.Entry<String, JsonNode>> fields = json.path("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Instant asOf = Instant.parse(text(times, field.getKey()));
      properties = properties.merge(Properties.of(Map.of(field.getKey(), value(field.getValue())), asOf));
    }
    return Observations.of(
        properties,
        Instant.parse(text(json, "firstSeen")),
        Instant.parse(text(json, "lastSeen")),
        json.path("count").asLong());
  }

  /** A property value as {@link GraphJson} wrote it: string, long, double or boolean. */
  private static Object value(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    } else if (value.isIntegralNumber()) {
      return value.asLong();
    } else if (value.isNumber()) {
      return value.asDouble();
    } else if (value.isBoolean()) {
      return value.asBoolean();
    }
    throw new IllegalArgumentException("unsupported property value " + value);
  }

  private static NodeRef ref(JsonNode json) {
    return NodeRef.of(text(json, "type"), text(json, "id"));
  }

  private static @Nullable IntervalWindow window(JsonNode json) {
    if (json.isMissingNode() || json.isNull()) {
      return null;
    }
    return new IntervalWindow(Instant.parse(text(json, "start")), Instant.parse(text(json, "end")));
  }


  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("upsert lacks the text field '" + field + "'");
    }
    return value.asText();
  }
}
