package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.NodeRef;
import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.util.Optional;

/**
 * An edge an event asserts:
 * {@code {type: started_watching, from: {type: profile, id: "…"}, to: {type: title, id: "${titleId}"}}}.
 */
public final class EdgePattern implements Serializable {
  private final String type;
  private final NodePattern from;
  private final NodePattern to;
  private final PropertyMap properties;

  @JsonCreator
  public EdgePattern(
      @JsonProperty(value = "type", required = true) String type,
      @JsonProperty(value = "from", required = true) NodePattern from,
      @JsonProperty(value = "to", required = true) NodePattern to,
      @JsonProperty("properties") PropertyMap properties) {
    this.type = TypeNames.validate(type);
    this.from = Mapping.required(from, "from");
    this.to = Mapping.required(to, "to");
    this.properties = properties == null ? PropertyMap.NONE : properties;
  }

  /** The edge this event names, or empty when a field of either end's id is missing. */
  public Optional<EdgeRef> refOf(JsonNode event) {
    Optional<NodeRef> src = from.refOf(event);
    Optional<NodeRef> dst = to.refOf(event);
    if (src.isEmpty() || dst.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EdgeRef.of(type, src.get(), dst.get()));
  }

  public PropertyMap properties() {
    return properties;
  }

  @Override
  public String toString() {
    return type + " from " + from + " to " + to;
  }
}
