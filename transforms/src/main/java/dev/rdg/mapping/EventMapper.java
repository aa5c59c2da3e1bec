package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Applies a {@link Mapping} to one event: decodes the payload once, applies the source's filter, finds the
 * event id and time, and renders every pattern of the event's source into graph assertions, enriched from
 * the lookup tables and checked against the schema.
 *
 * <p>Within one event each element is asserted once: patterns naming the same node or edge merge their
 * properties, and every edge also asserts its two end nodes, so no edge points at a node the graph does
 * not have. A pattern whose id fields are missing is skipped and counted; a pattern whose {@code when} does
 * not hold is left out. An event ends in exactly one of three ways: mapped, filtered (with the reason) or
 * a dead letter (with the stage and reason).
 */
public final class EventMapper implements Serializable {
  /** The reasons an event becomes a dead letter; each message starts with one of these. */
  public static final String UNKNOWN_SOURCE = "unknown source";

  public static final String MALFORMED_JSON = "malformed JSON";
  public static final String MALFORMED_CSV = "malformed CSV";
  public static final String MISSING_EVENT_ID = "missing event id";
  public static final String BAD_EVENT_TIME = "bad event time";
  public static final String NO_ASSERTION = "no assertion";
  public static final String BAD_VALUE = "bad value";
  public static final String SCHEMA_VIOLATION = "schema violation";

  /** The stages a dead letter can come from. */
  public static final String STAGE_DECODE = "decode";

  public static final String STAGE_MAP = "map";
  public static final String STAGE_SCHEMA = "schema";

  /** The reason of events a pattern {@code when} left with nothing to assert. */
  public static final String NO_PATTERN_APPLIES = "no pattern applies";

  private final Mapping mapping;

  public EventMapper(Mapping mapping) {
    this.mapping = mapping;
  }

  /** Maps one event of a mapping without lookup tables; never throws for bad input. */
  public Result map(RawEvent event) {
    return map(event, Map.of());
  }

  /** Maps one event with the lookup tables (name → key → row); never throws for bad input. */
  public Result map(RawEvent event, Map<String, Map<String, JsonNode>> lookups) {
    SourceMapping source = mapping.source(event.source()).orElse(null);
    if (source == null) {
      return Result.deadLetter(
          STAGE_MAP,
          UNKNOWN_SOURCE + ": '" + event.source() + "' is not in the mapping (sources: "
              + mapping.sourceNames() + ")");
    }
    JsonNode json;
    try {
      json = source.decode(event.payload());
    } catch (IllegalArgumentException e) {
      String kind = source.format() == SourceMapping.Format.CSV ? MALFORMED_CSV : MALFORMED_JSON;
      return Result.deadLetter(STAGE_DECODE, kind + ": " + e.getMessage());
    }
    Condition filter = source.filter();
    if (filter != null && !filter.test(Scope.of(json))) {
      return Result.filtered("filter " + filter);
    }
    String eventId;
    try {
      eventId = eventIdOf(source, json, event.payload());
    } catch (IllegalArgumentException e) {
      return Result.deadLetter(STAGE_MAP, MISSING_EVENT_ID + ": " + e.getMessage());
    }
    Instant eventTime;
    try {
      eventTime = source.eventTime().timeOf(json);
    } catch (IllegalArgumentException e) {
      return Result.deadLetter(STAGE_MAP, BAD_EVENT_TIME + ": " + e.getMessage());
    }
    try {
      return new Assertions(lookups).of(source, json, event, eventId, eventTime);
    } catch (IllegalArgumentException e) {
      return Result.deadLetter(STAGE_MAP, BAD_VALUE + ": " + e.getMessage());
    }
  }

  /** Collects one event's assertions. */
  private final class Assertions {
    private final Map<String, Map<String, JsonNode>> lookups;
    private final Map<NodeRef, SortedMap<String, Object>> nodes = new LinkedHashMap<>();
    private final Map<EdgeRef, SortedMap<String, Object>> edges = new LinkedHashMap<>();
    /** Nodes a node pattern asserted (not only as an edge's end): they must have their required properties. */
    private final Set<NodeRef> patternNodes = new HashSet<>();
    private int skipped;
    private int excluded;
    private int lookupMisses;

    Assertions(Map<String, Map<String, JsonNode>> lookups) {
      this.lookups = lookups;
    }

    Result of(SourceMapping source, JsonNode json, RawEvent event, String eventId, Instant eventTime) {
      Scope eventScope = Scope.of(json);
      for (NodePattern pattern : source.nodes()) {
        for (Scope scope : scopesOf(pattern, eventScope)) {
          if (applies(pattern, scope)) {
            NodeRef ref = pattern.refIn(scope);
            if (ref == null) {
              skipped++;
            } else {
              mergeInto(nodes, ref, values(pattern, scope));
              patternNodes.add(ref);
            }
          }
        }
      }
      for (EdgePattern pattern : source.edges()) {
        for (Scope scope : scopesOf(pattern, eventScope)) {
          if (applies(pattern, scope)) {
            EdgeRef ref = pattern.refIn(scope);
            if (ref == null) {
              skipped++;
            } else {
              mergeInto(edges, ref, values(pattern, scope));
              nodes.putIfAbsent(ref.src(), Collections.emptySortedMap());
              nodes.putIfAbsent(ref.dst(), Collections.emptySortedMap());
            }
          }
        }
      }
      if (nodes.isEmpty()) {
        if (skipped == 0 && excluded > 0) {
          return new Result(List.of(), null, null, NO_PATTERN_APPLIES, 0, lookupMisses);
        }
        return new Result(
            List.of(), STAGE_MAP,
            NO_ASSERTION + ": every pattern of source '" + source.name() + "' lacks a field of its id",
            null, skipped, lookupMisses);
      }
      String violation = schemaViolation();
      if (violation != null) {
        return new Result(List.of(), STAGE_SCHEMA, SCHEMA_VIOLATION + ": " + violation, null, skipped, lookupMisses);
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
                  common.setNode(ref).setEdge(null)
                      .setProperties(Properties.of(values, eventTime)).build()));
      edges.forEach(
          (ref, values) ->
              mutations.add(
                  common.setNode(null).setEdge(ref)
                      .setProperties(Properties.of(values, eventTime)).build()));
      return new Result(mutations, null, null, null, skipped, lookupMisses);
    }

    /**
     * Where the pattern applies: the event, or each element of its {@code forEach} array; an absent or empty
     * array leaves it nothing to apply to, like a {@code when} that does not hold (not a skipped pattern).
     */
    private List<Scope> scopesOf(Pattern pattern, Scope eventScope) {
      List<Scope> scopes = pattern.scopes(eventScope);
      if (scopes.isEmpty()) {
        excluded++;
      }
      return scopes;
    }

    private boolean applies(Pattern pattern, Scope scope) {
      if (pattern.when() != null && !pattern.when().test(scope)) {
        excluded++;
        return false;
      }
      return true;
    }

    /** The pattern's values in this scope: a map of its own, or the shared empty map when there are none. */
    private SortedMap<String, Object> values(Pattern pattern, Scope scope) {
      SortedMap<String, Object> values = pattern.properties().valuesOf(scope);
      for (Enrichment enrichment : pattern.enrichments()) {
        SortedMap<String, Object> enriched = enrichment.valuesOf(scope, lookups);
        if (enriched == null) {
          lookupMisses++;
        } else {
          if (values.isEmpty()) {
            values = new TreeMap<>();
          }
          // The event's own values win over the table's.
          enriched.forEach(values::putIfAbsent);
        }
      }
      return values;
    }

    private @Nullable String schemaViolation() {
      Schema schema = mapping.schema();
      if (schema.isEmpty()) {
        return null;
      }
      for (Map.Entry<NodeRef, SortedMap<String, Object>> node : nodes.entrySet()) {
        Schema.TypeSchema type = schema.node(node.getKey().type());
        String problem =
            type == null ? null : type.violation(node.getValue(), patternNodes.contains(node.getKey()));
        if (problem != null) {
          return "node " + node.getKey().type() + " '" + node.getKey().id() + "': " + problem;
        }
      }
      for (Map.Entry<EdgeRef, SortedMap<String, Object>> edge : edges.entrySet()) {
        Schema.TypeSchema type = schema.edge(edge.getKey().type());
        String problem = type == null ? null : type.violation(edge.getValue(), true);
        if (problem != null) {
          return "edge " + edge.getKey().type() + ": " + problem;
        }
      }
      return null;
    }
  }

  /**
   * Merges an assertion's values into what the event asserted of the element before. Empty values may be
   * the shared empty map, so only a non-empty map, which is the assertion's own, is ever written to.
   */
  private static <K> void mergeInto(
      Map<K, SortedMap<String, Object>> elements, K ref, SortedMap<String, Object> values) {
    SortedMap<String, Object> earlier = elements.putIfAbsent(ref, values);
    if (earlier != null && !values.isEmpty()) {
      if (earlier.isEmpty()) {
        elements.put(ref, values);
      } else {
        earlier.putAll(values);
      }
    }
  }

  /**
   * The event id: the one field's text, several fields as a JSON array of their texts (so that no choice
   * of separator can make two different events collide), or a hash of the payload.
   */
  private static String eventIdOf(SourceMapping source, JsonNode json, byte[] payload) {
    if (source.eventId().isEmpty()) {
      return "sha256:" + sha256(payload);
    }
    if (source.eventId().size() == 1) {
      return idPart(source.eventId().get(0), json);
    }
    List<String> parts = new ArrayList<>();
    for (FieldPath field : source.eventId()) {
      parts.add(idPart(field, json));
    }
    return parts.stream()
        .map(part -> com.fasterxml.jackson.databind.node.TextNode.valueOf(part).toString())
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String idPart(FieldPath field, JsonNode json) {
    JsonNode id = field.find(json);
    String text = id == null || id.isContainerNode() ? "" : id.asText();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' is absent or empty");
    }
    return Template.wellFormed(text, field);
  }

  private static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** What one event maps to: its assertions, the reason it was filtered, or the reason it is a dead letter. */
  public static final class Result {
    private final List<GraphMutation> mutations;
    private final @Nullable String stage;
    private final @Nullable String deadLetterReason;
    private final @Nullable String filterReason;
    private final int skippedPatterns;
    private final int lookupMisses;

    Result(
        List<GraphMutation> mutations,
        @Nullable String stage,
        @Nullable String deadLetterReason,
        @Nullable String filterReason,
        int skippedPatterns,
        int lookupMisses) {
      this.mutations = mutations;
      this.stage = stage;
      this.deadLetterReason = deadLetterReason;
      this.filterReason = filterReason;
      this.skippedPatterns = skippedPatterns;
      this.lookupMisses = lookupMisses;
    }

    static Result deadLetter(String stage, String reason) {
      return new Result(List.of(), stage, reason, null, 0, 0);
    }

    static Result filtered(String reason) {
      return new Result(List.of(), null, null, reason, 0, 0);
    }

    public List<GraphMutation> mutations() {
      return mutations;
    }

    /** Why the event cannot be mapped, or null when it was mapped or filtered. */
    public @Nullable String deadLetterReason() {
      return deadLetterReason;
    }

    /** The step that found the problem: {@code decode}, {@code map} or {@code schema}; null when not a dead letter. */
    public @Nullable String stage() {
      return stage;
    }

    /** Why the event was filtered out, or null when it was not. */
    public @Nullable String filterReason() {
      return filterReason;
    }

    /** Patterns skipped because a field of their id was missing. */
    public int skippedPatterns() {
      return skippedPatterns;
    }

    /** Enrichments whose key was missing from the event or its lookup table. */
    public int lookupMisses() {
      return lookupMisses;
    }
  }
}
