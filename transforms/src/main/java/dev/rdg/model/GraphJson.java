package dev.rdg.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The export contract: one JSON object per node, edge or dead letter, keys in a fixed order, properties
 * sorted by name, times in ISO-8601 UTC. Every sink's export and the dead-letter file use these lines, so
 * two sinks given the same input export the same bytes.
 *
 * <pre>{@code
 * {"kind":"node","type":"account","id":"a1","properties":{"country":"NL"},"firstSeen":"…","lastSeen":"…","count":3}
 * {"kind":"edge","type":"has_profile","src":{"type":"account","id":"a1"},"dst":{"type":"profile","id":"a1/0"},"properties":{},…}
 * }</pre>
 */
public final class GraphJson {
  private static final JsonFactory JSON = new JsonFactory();

  private GraphJson() {}

  /** The export line of a node. */
  public static String line(Node node) {
    return write(
        json -> {
          json.writeStringField("kind", "node");
          json.writeStringField("type", node.ref().type());
          json.writeStringField("id", node.ref().id());
          writeObservations(json, node.seen());
        });
  }

  /** The export line of an edge. */
  public static String line(Edge edge) {
    return write(
        json -> {
          json.writeStringField("kind", "edge");
          json.writeStringField("type", edge.ref().type());
          writeRef(json, "src", edge.ref().src());
          writeRef(json, "dst", edge.ref().dst());
          writeObservations(json, edge.seen());
        });
  }

  /**
   * The dead-letter line: source, origin (file or topic/partition), offset (line or record offset), stage,
   * reason, and {@code payload} (text) or {@code payloadBase64} (bytes that are not UTF-8).
   */
  public static String line(DeadLetter deadLetter) {
    return write(
        json -> {
          json.writeStringField("source", deadLetter.source());
          json.writeStringField("origin", deadLetter.origin());
          json.writeNumberField("offset", deadLetter.offset());
          json.writeStringField("stage", deadLetter.stage());
          json.writeStringField("reason", deadLetter.reason());
          json.writeStringField(deadLetter.payloadIsBase64() ? "payloadBase64" : "payload", deadLetter.payload());
        });
  }

  /** What identifies a mapped event once its payload is gone: {@code {"eventId":…,"eventTime":…}}. */
  public static String eventIdentity(MappedEvent event) {
    return write(
        json -> {
          json.writeStringField("eventId", event.eventId());
          json.writeStringField("eventTime", event.eventTime().toString());
        });
  }

  private static void writeRef(JsonGenerator json, String field, NodeRef ref) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("type", ref.type());
    json.writeStringField("id", ref.id());
    json.writeEndObject();
  }

  private static void writeObservations(JsonGenerator json, Observations seen) throws IOException {
    json.writeObjectFieldStart("properties");
    for (Map.Entry<String, Object> property : seen.properties().values().entrySet()) {
      json.writeFieldName(property.getKey());
      Object value = property.getValue();
      if (value instanceof String) {
        json.writeString((String) value);
      } else if (value instanceof Long) {
        json.writeNumber((Long) value);
      } else if (value instanceof Double) {
        json.writeNumber((Double) value);
      } else {
        json.writeBoolean((Boolean) value);
      }
    }
    json.writeEndObject();
    json.writeStringField("firstSeen", seen.firstSeen().toString());
    json.writeStringField("lastSeen", seen.lastSeen().toString());
    json.writeNumberField("count", seen.count());
  }

  private interface Body {
    void writeTo(JsonGenerator json) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      body.writeTo(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
