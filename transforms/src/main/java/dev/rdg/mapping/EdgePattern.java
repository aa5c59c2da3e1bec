package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.NodeRef;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An edge an event asserts:
 * {@code {type: started_watching, from: {type: profile, id: "…"}, to: {type: title, id: "${titleId}"}}}.
 */
public final class EdgePattern extends Pattern {
  private final NodePattern from;
  private final NodePattern to;

  EdgePattern(
      String type,
      NodePattern from,
      NodePattern to,
      @Nullable PropertyMap properties,
      @Nullable Condition when,
      @Nullable FieldPath forEach,
      @Nullable List<Enrichment> enrichments) {
    super(type, properties, when, forEach, enrichments);
    this.from = Mapping.required(from, "from");
    this.to = Mapping.required(to, "to");
  }

  /** The types of its two end nodes. */
  List<String> endTypes() {
    return List.of(from.type(), to.type());
  }

  /** The edge this event names, or empty when a field of either end's id is missing. */
  public Optional<EdgeRef> refOf(JsonNode event) {
    return Optional.ofNullable(refIn(Scope.of(event)));
  }

  /** The edge this scope names, or null when a field of either end's id is missing. */
  @Nullable EdgeRef refIn(Scope scope) {
    NodeRef src = from.refIn(scope);
    NodeRef dst = src == null ? null : to.refIn(scope);
    return dst == null ? null : EdgeRef.of(type(), src, dst);
  }

  @Override
  public String toString() {
    return type() + " from " + from + " to " + to;
  }
}
