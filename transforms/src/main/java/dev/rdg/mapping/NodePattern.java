package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.NodeRef;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A node an event asserts: {@code {type: profile, id: "${accountId}/${profileIdx}", properties: {…}}}. Also
 * the shape of an edge's ends, which name a node by type and id only.
 */
public final class NodePattern extends Pattern {
  private final Template id;

  NodePattern(
      String type,
      Template id,
      @Nullable PropertyMap properties,
      @Nullable Condition when,
      @Nullable FieldPath forEach,
      @Nullable List<Enrichment> enrichments) {
    super(type, properties, when, forEach, enrichments);
    this.id = Mapping.required(id, "id");
  }

  /** An edge's end: a type and an id template. */
  static NodePattern end(String type, Template id) {
    return new NodePattern(type, id, null, null, null, null);
  }

  /** The node this event names, or empty when a field of the id is missing. */
  public Optional<NodeRef> refOf(JsonNode event) {
    return Optional.ofNullable(refIn(Scope.of(event)));
  }

  /** The node this scope names, or null when a field of the id is missing. */
  @Nullable NodeRef refIn(Scope scope) {
    String rendered = id.render(scope);
    return rendered == null ? null : NodeRef.of(type(), rendered);
  }

  @Override
  public String toString() {
    return type() + " " + id;
  }
}
