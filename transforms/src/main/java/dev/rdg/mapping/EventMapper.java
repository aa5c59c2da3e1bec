package dev.rdg.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Applies a {@link Mapping} to one event: parses the payload once, finds the event id and time, and
 * renders every pattern of the event's source into graph assertions.
 *
 * <p>Within one event each element is asserted once: patterns naming the same node or edge merge their
 * properties, and every edge also asserts its two end nodes, so no edge points at a node the graph does
 * not have. A pattern whose id fields are missing is skipped and counted; an event that asserts nothing
 * gets a dead-letter reason instead.
 */
public final class EventMapper implements Serializable {
  /** The reasons an event becomes a dead letter; each message starts with one of these. */
  public static final String UNKNOWN_SOURCE = "unknown source";

  public static final String MALFORMED_JSON = "malformed JSON";
  public static final String MISSING_EVENT_ID = "missing event id";
  public static final String BAD_EVENT_TIME = "bad event time";
  public static final String NO_ASSERTION = "no assertion";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Mapping mapping;

  public EventMapper(Mapping mapping) {
    this.mapping = mapping;
  }

  /** Maps one event; never throws for bad input. */
  public Result map(RawEvent event) {
    SourceMapping source = mapping.source(event.source()).orElse(null);
    if (source == null) {
      return Result.deadLetter(
          UNKNOWN_SOURCE + ": '" + event.source() + "' is not in the mapping (sources: "
              + mapping.sourceNames() + ")");
    }
    JsonNode json;
    try {
      json = JSON.readTree(event.payload());
    } catch (JsonProcessingException e) {
      return Result.deadLetter(MALFORMED_JSON + ": " + e.getOriginalMessage().split("\n", 2)[0]);
    } catch (IOException e) {
      return Result.deadLetter(MALFORMED_JSON + ": " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      return Result.deadLetter(
          MALFORMED_JSON + ": expected an object, got " + (json == null ? "nothing" : json.getNodeType()));
    }
    String eventId = eventIdOf(source, json, event.payload());
    if (eventId == null) {
      return Result.deadLetter(
          MISSING_EVENT_ID + ": field '" + source.eventId() + "' is absent or empty");
    }
    Instant eventTime;
    try {
      eventTime = source.eventTime().timeOf(json);
    } catch (IllegalArgumentException e) {
      return Result.deadLetter(BAD_EVENT_TIME + ": " + e.getMessage());
    }
    return assertions(source, json, event, eventId, eventTime);
  }

  private static Result assertions(
      SourceMapping source, JsonNode json, RawEvent event, String eventId, Instant eventTime) {
    Map<NodeRef, SortedMap<String, Object>> nodes = new LinkedHashMap<>();
    Map<EdgeRef, SortedMap<String, Object>> edges = new LinkedHashMap<>();
    int skipped = 0;
    for (NodePattern pattern : source.nodes()) {
      NodeRef ref = pattern.refOf(json).orElse(null);
      if (ref == null) {
        skipped++;
      } else {
        mergeInto(nodes, ref, pattern.properties().valuesOf(json));
      }
    }
    for (EdgePattern pattern : source.edges()) {
      EdgeRef ref = pattern.refOf(json).orElse(null);
      if (ref == null) {
        skipped++;
      } else {
        mergeInto(edges, ref, pattern.properties().valuesOf(json));
        nodes.putIfAbsent(ref.src(), new TreeMap<>());
        nodes.putIfAbsent(ref.dst(), new TreeMap<>());
      }
    }
    if (nodes.isEmpty()) {
      return new Result(
          List.of(),
          NO_ASSERTION + ": every pattern of source '" + source.name() + "' lacks a field of its id",
          skipped);
    }
    GraphMutation.Builder common =
        GraphMutation.builder()
            .setSource(source.name())
            .setEventId(eventId)
            .setEventTime(eventTime)
            .setPosition(event.position());
    List<GraphMutation> mutations = new ArrayList<>(nodes.size() + edges.size());
    nodes.forEach(
        (ref, values) ->
            mutations.add(
                common.setOrdinal(mutations.size()).setNode(ref).setEdge(null)
                    .setProperties(Properties.of(values, eventTime)).build()));
    edges.forEach(
        (ref, values) ->
            mutations.add(
                common.setOrdinal(mutations.size()).setNode(null).setEdge(ref)
                    .setProperties(Properties.of(values, eventTime)).build()));
    return new Result(mutations, null, skipped);
  }

  private static <K> void mergeInto(
      Map<K, SortedMap<String, Object>> elements, K ref, SortedMap<String, Object> values) {
    elements.merge(
        ref,
        values,
        (earlier, later) -> {
          earlier.putAll(later);
          return earlier;
        });
  }

  private static @Nullable String eventIdOf(SourceMapping source, JsonNode json, byte[] payload) {
    if (source.eventId() == null) {
      return "sha256:" + sha256(payload);
    }
    JsonNode id = source.eventId().find(json);
    return id == null || id.isContainerNode() || id.asText().isEmpty() ? null : id.asText();
  }

  private static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** What one event maps to: its assertions, or the reason it is a dead letter. */
  public static final class Result {
    private final List<GraphMutation> mutations;
    private final @Nullable String deadLetterReason;
    private final int skippedPatterns;

    Result(List<GraphMutation> mutations, @Nullable String deadLetterReason, int skippedPatterns) {
      this.mutations = mutations;
      this.deadLetterReason = deadLetterReason;
      this.skippedPatterns = skippedPatterns;
    }

    static Result deadLetter(String reason) {
      return new Result(List.of(), reason, 0);
    }

    public List<GraphMutation> mutations() {
      return mutations;
    }

    /** Why the event cannot be mapped, or null when it was. */
    public @Nullable String deadLetterReason() {
      return deadLetterReason;
    }

    /** Patterns skipped because a field of their id was missing. */
    public int skippedPatterns() {
      return skippedPatterns;
    }
  }
}
