package dev.rdg.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * How long the graph keeps each node and edge type: its time to live (ttl), from the mapping's
 * {@code retention} block. An element is expired when it was last seen before {@code reference − ttl} of
 * its type; types without a ttl never expire. The reference is event time (the graph's newest time, or an
 * explicit {@code asOf}), never the wall clock, so a backfill of old events is not expired on arrival and
 * the same graph always shows the same elements.
 *
 * <pre>{@code
 * retention:
 *   nodes: {device: 100d}
 *   edges: {streamed_from: 30d}
 * }</pre>
 *
 * <p>The policy travels with the graph as {@link #toJson} (the embedded store and the file sink keep it), so
 * export and queries apply the policy of the mapping that built the graph.
 */
public final class Retention implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No ttl: nothing expires. */
  public static final Retention NONE = new Retention(Map.of(), Map.of());

  private final TreeMap<String, Duration> nodes;
  private final TreeMap<String, Duration> edges;

  Retention(Map<String, Duration> nodes, Map<String, Duration> edges) {
    this.nodes = new TreeMap<>(nodes);
    this.edges = new TreeMap<>(edges);
    nodes.values().forEach(Retention::checkTtl);
    edges.values().forEach(Retention::checkTtl);
  }

  /** A policy of these ttls per node type and per edge type. */
  public static Retention of(Map<String, Duration> nodeTtls, Map<String, Duration> edgeTtls) {
    return new Retention(nodeTtls, edgeTtls);
  }

  static Duration checkTtl(Duration ttl) {
    if (ttl.getMillis() <= 0) {
      throw new IllegalArgumentException("a ttl must be positive, got " + ttl);
    }
    return ttl;
  }

  /** True when no type has a ttl. */
  public boolean isEmpty() {
    return nodes.isEmpty() && edges.isEmpty();
  }

  public Optional<Duration> nodeTtl(String type) {
    return Optional.ofNullable(nodes.get(type));
  }

  public Optional<Duration> edgeTtl(String type) {
    return Optional.ofNullable(edges.get(type));
  }

  /** Whether the node was last seen before {@code reference} minus its type's ttl. */
  public boolean expired(Node node, Instant reference) {
    return expired(nodes.get(node.ref().type()), node.seen().lastSeen(), reference);
  }

  /** Whether the edge was last seen before {@code reference} minus its type's ttl. */
  public boolean expired(Edge edge, Instant reference) {
    return expired(edges.get(edge.ref().type()), edge.seen().lastSeen(), reference);
  }

  private static boolean expired(Duration ttl, Instant lastSeen, Instant reference) {
    return ttl != null && lastSeen.isBefore(reference.minus(ttl));
  }

  /** The policy as one JSON object, {@code {"nodes":{"device":"PT8640000S"},"edges":{}}} (ISO-8601 ttls). */
  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    ObjectNode nodeTtls = json.putObject("nodes");
    nodes.forEach((type, ttl) -> nodeTtls.put(type, ttl.toString()));
    ObjectNode edgeTtls = json.putObject("edges");
    edges.forEach((type, ttl) -> edgeTtls.put(type, ttl.toString()));
    return json.toString();
  }

  /** The policy {@link #toJson} wrote; {@link IllegalArgumentException} for anything else. */
  public static Retention fromJson(String text) {
    try {
      JsonNode json = JSON.readTree(text);
      return new Retention(ttls(json.get("nodes")), ttls(json.get("edges")));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a retention policy: " + text, e);
    }
  }

  private static Map<String, Duration> ttls(JsonNode json) {
    Map<String, Duration> ttls = new TreeMap<>();
    json.fields().forEachRemaining(field -> ttls.put(field.getKey(), Duration.parse(field.getValue().asText())));
    return ttls;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Retention
        && nodes.equals(((Retention) other).nodes)
        && edges.equals(((Retention) other).edges);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode() * 31 + edges.hashCode();
  }

  @Override
  public String toString() {
    return "retention nodes " + nodes + " edges " + edges;
  }
}
