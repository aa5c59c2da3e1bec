package dev.rdg.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deployment's mapping file: every source it reads and how its events become nodes and edges.
 *
 * <pre>{@code
 * sources:
 *   - name: playback                          # playback.jsonl belongs to it
 *     eventId: eventId                        # omitted: a hash of the payload
 *     eventTime: {field: ts, format: iso8601} # or epochMillis, epochSeconds
 *     nodes:
 *       - {type: title, id: "${titleId}", properties: {name: titleName}}
 *     edges:
 *       - type: started_watching
 *         from: {type: profile, id: "${accountId}/${profileIdx}"}
 *         to: {type: title, id: "${titleId}"}
 * }</pre>
 *
 * <p>{@link #load} validates everything a run depends on (type names, templates, formats, unique sources)
 * and reports the first problem with its place in the file, so a bad mapping fails before a job starts.
 */
public final class Mapping implements Serializable {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final LinkedHashMap<String, SourceMapping> sources = new LinkedHashMap<>();

  @JsonCreator
  Mapping(@JsonProperty(value = "sources", required = true) List<SourceMapping> sources) {
    if (sources == null || sources.isEmpty()) {
      throw new IllegalArgumentException("the mapping has no sources");
    }
    for (SourceMapping source : sources) {
      if (this.sources.put(source.name(), source) != null) {
        throw new IllegalArgumentException("source '" + source.name() + "' is defined twice");
      }
    }
  }

  /** Reads and validates a mapping file. */
  public static Mapping load(Path file) throws MappingException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MappingException("cannot read mapping file " + file + ": " + e.getMessage());
    }
    return parse(yaml, file.toString());
  }

  /** Parses and validates mapping text; {@code origin} names it in errors. */
  public static Mapping parse(String yaml, String origin) throws MappingException {
    try {
      // An empty file, or one of comments only, has no document: say so rather than "no content".
      JsonNode document = YAML.readTree(yaml);
      if (document == null || document.isMissingNode() || document.isNull()) {
        throw new MappingException("mapping " + origin + " is empty");
      }
      return YAML.treeToValue(document, Mapping.class);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
      throw new MappingException(
          "mapping " + origin + " at " + place(e) + ": " + message.split("\n", 2)[0]);
    } catch (JsonProcessingException e) {
      throw new MappingException(
          "mapping " + origin + " is not valid YAML: " + e.getOriginalMessage().split("\n", 2)[0]);
    }
  }

  /** The sources in the order the file gives them. */
  public List<SourceMapping> sources() {
    return List.copyOf(sources.values());
  }

  public Optional<SourceMapping> source(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  /**
   * The source a file belongs to (see {@link SourceMapping#owns}). A file no source owns is read under an
   * unknown source, so its events become dead letters rather than vanish: its base name, or its whole
   * name when a source of that base name exists but its {@code files} glob rejects the file.
   */
  public String sourceForFile(String fileName) {
    return sources.values().stream()
        .filter(s -> s.owns(fileName))
        .map(SourceMapping::name)
        .findFirst()
        .orElseGet(
            () -> {
              String baseName = SourceMapping.baseName(fileName);
              return sources.containsKey(baseName) ? fileName : baseName;
            });
  }

  /** The source names, for messages. */
  public String sourceNames() {
    return String.join(", ", sources.keySet());
  }

  static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  private static String place(JsonMappingException e) {
    String place =
        e.getPath().stream()
            .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining());
    return place.isEmpty() ? "top level" : place.substring(place.startsWith(".") ? 1 : 0);
  }

  /** A mapping that cannot be used, with a message fit for one line of output. */
  public static final class MappingException extends Exception {
    public MappingException(String message) {
      super(message);
    }
  }
}
