package dev.rdg.sinks.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rdg.model.Edge;
import dev.rdg.model.GraphJson;
import dev.rdg.model.Node;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Query answers as JSON, built from the export's own objects ({@link GraphJson}), so a client that reads the
 * export reads the answers: a node is its export line; a subgraph is
 * {@code {"nodes":[node lines…],"edges":[edge lines…],"truncated":false}}; an error is
 * {@code {"error":"…"}}.
 */
public final class QueryJson {
  private static final JsonFactory JSON = new JsonFactory();

  private QueryJson() {}

  public static String node(Node node) {
    return GraphJson.line(node);
  }

  public static String subgraph(Subgraph subgraph) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("nodes");
      for (Node node : subgraph.nodes()) {
        json.writeRawValue(GraphJson.line(node));
      }
      json.writeEndArray();
      json.writeArrayFieldStart("edges");
      for (Edge edge : subgraph.edges()) {
        json.writeRawValue(GraphJson.line(edge));
      }
      json.writeEndArray();
      json.writeBooleanField("truncated", subgraph.truncated());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String error(String message) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
