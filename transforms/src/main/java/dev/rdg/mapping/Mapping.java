package dev.rdg.mapping;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment's mapping file: every source it reads, how its events become nodes and edges, the lookup
 * tables they are enriched from, the optional typed schema and retention. docs/MAPPING.md is the reference.
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
 * <p>{@link #load} checks the whole file before anything runs (unknown keys, templates, type names, types,
 * lookup files) and reports every problem with its line and column, so a bad mapping fails before a job
 * starts.
 */
public final class Mapping implements Serializable {
  private final LinkedHashMap<String, SourceMapping> sources = new LinkedHashMap<>();
  private final LinkedHashMap<String, LookupTable> lookups = new LinkedHashMap<>();
  private final Schema schema;
  private final Retention retention;

  Mapping(List<SourceMapping> sources, List<LookupTable> lookups, Schema schema, Retention retention) {
    sources.forEach(source -> this.sources.put(source.name(), source));
    lookups.forEach(lookup -> this.lookups.put(lookup.name(), lookup));
    this.schema = schema;
    this.retention = retention;
  }

  /** Reads and checks a mapping file; lookup files are relative to its directory. */
  public static Mapping load(Path file) throws MappingException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MappingException(List.of("cannot read mapping file " + file + ": " + e.getMessage()));
    }
    Path directory = file.toAbsolutePath().getParent();
    return parse(yaml, file.toString(), directory == null ? Path.of("") : directory);
  }

  /** Parses and checks mapping text; {@code origin} names it in errors, lookup files are relative to the working directory. */
  public static Mapping parse(String yaml, String origin) throws MappingException {
    return parse(yaml, origin, Path.of("").toAbsolutePath());
  }

  static Mapping parse(String yaml, String origin, Path directory) throws MappingException {
    return new MappingReader(origin, directory).read(yaml);
  }

  /** The sources in the order the file gives them. */
  public List<SourceMapping> sources() {
    return List.copyOf(sources.values());
  }

  public Optional<SourceMapping> source(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  /** The lookup tables, by name. */
  public Map<String, LookupTable> lookups() {
    return Map.copyOf(lookups);
  }

  Schema schema() {
    return schema;
  }

  /** How long each node and edge type is kept ({@link Retention#NONE} when the file has no retention). */
  public Retention retention() {
    return retention;
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

  /**
   * A mapping that cannot be used: every problem, one line each, as {@code file:line:column: message}.
   */
  public static final class MappingException extends Exception {
    private final List<String> problems;

    public MappingException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
