package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.NodeRef;
import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.util.Optional;

/**
 * A node an event asserts: {@code {type: profile, id: "${accountId}/${profileIdx}", properties: {…}}}. Also
 * the shape of an edge's ends, which name a node by type and id only.
 */
public final class NodePattern implements Serializable {
  private final String type;
  private final Template id;
  private final PropertyMap properties;

  @JsonCreator
  public NodePattern(
      @JsonProperty(value = "type", required = true) String type,
      @JsonProperty(value = "id", required = true) Template id,
      @JsonProperty("properties") PropertyMap properties) {
    this.type = TypeNames.validate(type);
    this.id = Mapping.required(id, "id");
    this.properties = properties == null ? PropertyMap.NONE : properties;
  }

  /** The node this event names, or empty when a field of the id is missing. */
  public Optional<NodeRef> refOf(JsonNode event) {
    return id.render(event).map(rendered -> NodeRef.of(type, rendered));
  }

  public PropertyMap properties() {
    return properties;
  }

  @Override
  public String toString() {
    return type + " " + id;
  }
}
