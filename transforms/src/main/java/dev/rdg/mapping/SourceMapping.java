package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rdg.model.TypeNames;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How one source's events become graph assertions: its name, which files are its own, where the event id
 * and time are, and its node and edge patterns.
 */
public final class SourceMapping implements Serializable {
  private final String name;
  private final @Nullable String files;
  private final @Nullable FieldPath eventId;
  private final EventTimeSpec eventTime;
  private final List<NodePattern> nodes;
  private final List<EdgePattern> edges;

  @JsonCreator
  public SourceMapping(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty("files") @Nullable String files,
      @JsonProperty("eventId") @Nullable FieldPath eventId,
      @JsonProperty(value = "eventTime", required = true) EventTimeSpec eventTime,
      @JsonProperty("nodes") List<NodePattern> nodes,
      @JsonProperty("edges") List<EdgePattern> edges) {
    this.name = TypeNames.validate(name);
    this.files = files;
    if (files != null) {
      FileSystems.getDefault().getPathMatcher("glob:" + files);
    }
    this.eventId = eventId;
    this.eventTime = Mapping.required(eventTime, "eventTime");
    this.nodes = nodes == null ? List.of() : List.copyOf(nodes);
    this.edges = edges == null ? List.of() : List.copyOf(edges);
    if (this.nodes.isEmpty() && this.edges.isEmpty()) {
      throw new IllegalArgumentException("source '" + name + "' has no node or edge patterns");
    }
  }

  public String name() {
    return name;
  }

  /** Where the event id is; null means a hash of the payload identifies the event. */
  public @Nullable FieldPath eventId() {
    return eventId;
  }

  public EventTimeSpec eventTime() {
    return eventTime;
  }

  public List<NodePattern> nodes() {
    return nodes;
  }

  public List<EdgePattern> edges() {
    return edges;
  }

  /**
   * Whether a file is this source's: its name matches the {@code files} glob, or, without one, its base name
   * without extension is the source's name ({@code playback.jsonl} → {@code playback}).
   */
  boolean owns(String fileName) {
    if (files != null) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + files);
      return matcher.matches(Path.of(fileName));
    }
    return baseName(fileName).equals(name);
  }

  /** A file name up to its first dot: {@code playback.jsonl.gz} → {@code playback}. */
  static String baseName(String fileName) {
    int dot = fileName.indexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }
}
