package dev.rdg.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.model.TypeNames;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Compiles a mapping file into a {@link Mapping}, checking all of it: each problem (unknown key, missing
 * key, wrong kind of value, bad template or type name, unknown type or format, unknown or unreadable lookup)
 * is recorded where it is and reading goes on, so one run reports every problem.
 */
final class MappingReader {
  private final Problems problems;
  private final String origin;
  private final Path directory;
  private final Map<String, LookupTable> lookups = new LinkedHashMap<>();

  MappingReader(String origin, Path directory) {
    this.origin = origin;
    this.directory = directory;
    this.problems = new Problems(origin);
  }

  Mapping read(String yaml) throws Mapping.MappingException {
    YamlNode root;
    try {
      root = YamlNode.read(yaml, problems);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String place = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      // SnakeYAML's first line says what it was parsing; the line with "expected" says what went wrong.
      String[] lines = e.getOriginalMessage().split("\n");
      String detail = lines[0].trim();
      for (String line : lines) {
        if (line.trim().startsWith("expected") || line.trim().startsWith("found")) {
          detail += ": " + line.trim();
          break;
        }
      }
      throw new Mapping.MappingException(List.of(origin + place + ": not valid YAML: " + detail));
    } catch (IOException e) {
      throw new Mapping.MappingException(List.of(origin + ": " + e.getMessage()));
    }
    if (root == null || root.isNull()) {
      throw new Mapping.MappingException(List.of(origin + ": the mapping is empty"));
    }
    List<SourceMapping> sources = new ArrayList<>();
    Schema schema = Schema.NONE;
    Retention retention = Retention.NONE;
    if (map(root) != null) {
      keys(root, "sources", "lookups", "schema", "retention");
      for (YamlNode lookup : list(root.entries.get("lookups"))) {
        lookup(lookup);
      }
      YamlNode schemaNode = root.entries.get("schema");
      if (schemaNode != null) {
        schema = schema(schemaNode);
      }
      YamlNode sourcesNode = require(root, "sources");
      List<YamlNode> sourceNodes = list(sourcesNode);
      if (sourcesNode != null && sourceNodes.isEmpty() && sourcesNode.kind == YamlNode.Kind.LIST) {
        problems.add(sourcesNode, "the mapping has no sources");
      }
      Set<String> names = new TreeSet<>();
      for (YamlNode sourceNode : sourceNodes) {
        SourceMapping source = source(sourceNode);
        if (source != null && !names.add(source.name())) {
          problems.add(sourceNode, "source '" + source.name() + "' is defined twice");
        }
        if (source != null) {
          sources.add(source);
        }
      }
      // Types are checked against the patterns only when every source compiled, so none is missing.
      PatternTypes types = sources.size() == sourceNodes.size() ? PatternTypes.of(sources) : null;
      YamlNode retentionNode = root.entries.get("retention");
      if (retentionNode != null) {
        retention = retention(retentionNode, types);
      }
      for (YamlNode typed : new YamlNode[] {schemaNode, retentionNode}) {
        if (typed != null && types != null && typed.kind == YamlNode.Kind.MAP) {
          checkKnown(typed.entries.get("nodes"), "node", types.nodes());
          checkKnown(typed.entries.get("edges"), "edge", types.edges());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new Mapping.MappingException(problems.messages());
    }
    return new Mapping(sources, List.copyOf(lookups.values()), schema, retention);
  }

  /** The node types (edge ends included) and edge types the patterns assert. */
  private record PatternTypes(Set<String> nodes, Set<String> edges) {
    static PatternTypes of(List<SourceMapping> sources) {
      Set<String> nodes = new TreeSet<>();
      Set<String> edges = new TreeSet<>();
      for (SourceMapping source : sources) {
        source.nodes().forEach(pattern -> nodes.add(pattern.type()));
        for (EdgePattern pattern : source.edges()) {
          edges.add(pattern.type());
          nodes.addAll(pattern.endTypes());
        }
      }
      return new PatternTypes(nodes, edges);
    }
  }

  /** {@code retention: {nodes: {TYPE: TTL}, edges: {TYPE: TTL}}}; {@code types} null: types unchecked. */
  private Retention retention(YamlNode node, @Nullable PatternTypes types) {
    if (map(node) == null) {
      return Retention.NONE;
    }
    keys(node, "nodes", "edges");
    return Retention.of(
        ttls(node.entries.get("nodes"), "node", types == null ? null : types.nodes()),
        ttls(node.entries.get("edges"), "edge", types == null ? null : types.edges()));
  }

  /**
   * A problem for each type of the map {@code node} that no pattern asserts: a misspelt type in a schema
   * or a retention block would apply to nothing, silently.
   */
  private void checkKnown(@Nullable YamlNode node, String kind, Set<String> known) {
    if (node == null || node.kind != YamlNode.Kind.MAP) {
      return;
    }
    node.keys.forEach(
        (type, typeNode) -> {
          if (!known.contains(type) && TypeNames.isValid(type)) {
            problems.add(
                typeNode,
                "unknown " + kind + " type '" + type + "' (" + kind + " types of the mapping: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
          }
        });
  }

  private Map<String, Duration> ttls(@Nullable YamlNode node, String kind, @Nullable Set<String> known) {
    Map<String, Duration> ttls = new LinkedHashMap<>();
    if (node == null || map(node) == null) {
      return ttls;
    }
    node.entries.forEach(
        (type, ttlNode) -> {
          YamlNode typeNode = node.keys.get(type);
          if (typeName(typeNode) == null || (known != null && !known.contains(type))) {
            return;
          }
          String text = text(ttlNode);
          Duration ttl =
              text == null ? null : attempt(ttlNode, () -> Retention.checkTtl(DurationText.parse(text)));
          if (ttl != null) {
            ttls.put(type, ttl);
          }
        });
    return ttls;
  }

  private void lookup(YamlNode node) {
    if (map(node) == null) {
      return;
    }
    keys(node, "name", "file", "format", "key");
    String name = typeName(require(node, "name"));
    YamlNode fileNode = require(node, "file");
    String file = text(fileNode);
    YamlNode formatNode = node.entries.get("format");
    LookupTable.Format format =
        formatNode == null
            ? (file != null && file.toLowerCase().endsWith(".csv") ? LookupTable.Format.CSV : LookupTable.Format.JSONL)
            : attempt(formatNode, () -> lookupFormat(text(formatNode)));
    FieldPath key = fieldPath(require(node, "key"));
    if (name == null || file == null || format == null || key == null) {
      return;
    }
    if (lookups.containsKey(name)) {
      problems.add(node, "lookup '" + name + "' is defined twice");
      return;
    }
    LookupTable table = new LookupTable(name, directory.resolve(file).normalize().toString(), format, key);
    // Read it now: a missing file or a row without its key is a mapping error, found before any job runs.
    if (attempt(fileNode, table::load) != null) {
      lookups.put(name, table);
    }
  }

  private static LookupTable.Format lookupFormat(String name) {
    for (LookupTable.Format format : LookupTable.Format.values()) {
      if (format.name().equalsIgnoreCase(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown lookup format '" + name + "' (expected jsonl or csv)");
  }

  private Schema schema(YamlNode node) {
    if (map(node) == null) {
      return Schema.NONE;
    }
    keys(node, "nodes", "edges");
    return new Schema(typeSchemas(node.entries.get("nodes")), typeSchemas(node.entries.get("edges")));
  }

  private Map<String, Schema.TypeSchema> typeSchemas(@Nullable YamlNode node) {
    Map<String, Schema.TypeSchema> types = new LinkedHashMap<>();
    if (node == null || map(node) == null) {
      return types;
    }
    node.entries.forEach(
        (type, spec) -> {
          if (typeName(node.keys.get(type)) == null || map(spec) == null) {
            return;
          }
          keys(spec, "properties", "required");
          Map<String, ValueType> properties = new LinkedHashMap<>();
          YamlNode propertiesNode = spec.entries.get("properties");
          if (propertiesNode != null && map(propertiesNode) != null) {
            propertiesNode.entries.forEach(
                (name, typeNode) -> {
                  ValueType valueType = attempt(typeNode, () -> ValueType.named(text(typeNode)));
                  if (propertyName(propertiesNode.keys.get(name)) != null && valueType != null) {
                    properties.put(name, valueType);
                  }
                });
          }
          List<String> required = new ArrayList<>();
          for (YamlNode name : list(spec.entries.get("required"))) {
            if (text(name) != null) {
              required.add(text(name));
            }
          }
          Schema.TypeSchema schema = attempt(spec, () -> new Schema.TypeSchema(properties, required));
          if (schema != null) {
            types.put(type, schema);
          }
        });
    return types;
  }

  private @Nullable SourceMapping source(YamlNode node) {
    if (map(node) == null) {
      return null;
    }
    int before = problems.count();
    keys(node, "name", "files", "format", "columns", "header", "eventId", "eventTime", "filter", "nodes", "edges");
    String name = typeName(require(node, "name"));
    YamlNode filesNode = node.entries.get("files");
    String files = text(filesNode);
    if (files != null && files.contains("/")) {
      problems.add(filesNode, "files '" + files + "' is matched against file names only: it cannot hold a '/'");
    } else if (files != null) {
      attempt(filesNode, () -> FileSystems.getDefault().getPathMatcher("glob:" + files));
    }
    YamlNode formatNode = node.entries.get("format");
    SourceMapping.Format format =
        formatNode == null ? SourceMapping.Format.JSONL : attempt(formatNode, () -> SourceMapping.Format.named(text(formatNode)));
    List<String> columns = new ArrayList<>();
    for (YamlNode column : list(node.entries.get("columns"))) {
      if (columns.contains(text(column))) {
        problems.add(column, "column '" + text(column) + "' is named twice: the later cell would hide the earlier");
      }
      columns.add(text(column));
    }
    YamlNode headerNode = node.entries.get("header");
    boolean header = headerNode == null || headerNode.kind != YamlNode.Kind.SCALAR || headerNode.scalar.asBoolean();
    if (headerNode != null && !(headerNode.kind == YamlNode.Kind.SCALAR && headerNode.scalar.isBoolean())) {
      problems.add(headerNode, "header must be true or false, got " + headerNode.describe());
    }
    List<FieldPath> eventId = new ArrayList<>();
    YamlNode eventIdNode = node.entries.get("eventId");
    if (eventIdNode != null) {
      List<YamlNode> fields = eventIdNode.kind == YamlNode.Kind.LIST ? eventIdNode.items : List.of(eventIdNode);
      if (fields.isEmpty()) {
        problems.add(eventIdNode, "eventId names no fields");
      }
      fields.forEach(field -> eventId.add(fieldPath(field)));
    }
    EventTimeSpec eventTime = eventTime(require(node, "eventTime"));
    YamlNode filterNode = node.entries.get("filter");
    Condition filter = filterNode == null ? null : condition(filterNode);
    List<NodePattern> nodes = patterns(node.entries.get("nodes"), this::nodePattern);
    List<EdgePattern> edges = patterns(node.entries.get("edges"), this::edgePattern);
    if (problems.count() > before) {
      return null;
    }
    return attempt(
        node,
        () -> new SourceMapping(name, files, format, columns, header, eventId, eventTime, filter, nodes, edges));
  }

  private <T> List<T> patterns(@Nullable YamlNode node, Function<YamlNode, T> compile) {
    List<T> patterns = new ArrayList<>();
    for (YamlNode item : list(node)) {
      T pattern = compile.apply(item);
      if (pattern != null) {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  private @Nullable EventTimeSpec eventTime(@Nullable YamlNode node) {
    if (node == null || map(node) == null) {
      return null;
    }
    keys(node, "field", "format");
    FieldPath field = fieldPath(require(node, "field"));
    YamlNode formatNode = node.entries.get("format");
    TimeFormat format = formatNode == null ? TimeFormat.ISO8601 : timeFormat(formatNode);
    return field == null || format == null ? null : new EventTimeSpec(field, format);
  }

  private @Nullable NodePattern nodePattern(YamlNode node) {
    if (map(node) == null) {
      return null;
    }
    int before = problems.count();
    keys(node, "type", "id", "properties", "when", "forEach", "enrich");
    String type = typeName(require(node, "type"));
    Template id = template(require(node, "id"));
    Common common = common(node);
    if (problems.count() > before) {
      return null;
    }
    return attempt(
        node, () -> new NodePattern(type, id, common.properties, common.when, common.forEach, common.enrich));
  }

  private @Nullable EdgePattern edgePattern(YamlNode node) {
    if (map(node) == null) {
      return null;
    }
    int before = problems.count();
    keys(node, "type", "from", "to", "properties", "when", "forEach", "enrich");
    String type = typeName(require(node, "type"));
    NodePattern from = end(require(node, "from"));
    NodePattern to = end(require(node, "to"));
    Common common = common(node);
    if (problems.count() > before) {
      return null;
    }
    return attempt(
        node,
        () -> new EdgePattern(type, from, to, common.properties, common.when, common.forEach, common.enrich));
  }

  private @Nullable NodePattern end(@Nullable YamlNode node) {
    if (node == null || map(node) == null) {
      return null;
    }
    keys(node, "type", "id");
    String type = typeName(require(node, "type"));
    Template id = template(require(node, "id"));
    return type == null || id == null ? null : NodePattern.end(type, id);
  }

  /** The parts node and edge patterns share. */
  private static final class Common {
    PropertyMap properties;
    Condition when;
    FieldPath forEach;
    List<Enrichment> enrich = new ArrayList<>();
  }

  private Common common(YamlNode node) {
    Common common = new Common();
    YamlNode properties = node.entries.get("properties");
    common.properties = properties == null ? null : propertyMap(properties);
    YamlNode when = node.entries.get("when");
    common.when = when == null ? null : condition(when);
    YamlNode forEach = node.entries.get("forEach");
    common.forEach = forEach == null ? null : fieldPath(forEach);
    YamlNode enrich = node.entries.get("enrich");
    if (enrich != null) {
      List<YamlNode> items = enrich.kind == YamlNode.Kind.MAP ? List.of(enrich) : list(enrich);
      for (YamlNode item : items) {
        Enrichment enrichment = enrichment(item);
        if (enrichment != null) {
          common.enrich.add(enrichment);
        }
      }
    }
    return common;
  }

  private @Nullable Enrichment enrichment(YamlNode node) {
    if (map(node) == null) {
      return null;
    }
    keys(node, "lookup", "key", "properties");
    YamlNode lookupNode = require(node, "lookup");
    String lookup = text(lookupNode);
    if (lookup != null && !lookups.containsKey(lookup)) {
      problems.add(
          lookupNode,
          "unknown lookup '" + lookup + "' (lookups: "
              + (lookups.isEmpty() ? "none" : String.join(", ", lookups.keySet())) + ")");
      lookup = null;
    }
    Template key = template(require(node, "key"));
    PropertyMap properties = propertyMap(require(node, "properties"));
    return lookup == null || key == null || properties == null ? null : new Enrichment(lookup, key, properties);
  }

  private @Nullable PropertyMap propertyMap(@Nullable YamlNode node) {
    if (node == null || map(node) == null) {
      return null;
    }
    int before = problems.count();
    Map<String, ValueSpec> values = new LinkedHashMap<>();
    node.entries.forEach(
        (name, spec) -> {
          propertyName(node.keys.get(name));
          ValueSpec value = valueSpec(spec);
          if (value != null) {
            values.put(name, value);
          }
        });
    return problems.count() > before ? null : PropertyMap.of(values);
  }

  private @Nullable ValueSpec valueSpec(YamlNode node) {
    if (node.kind == YamlNode.Kind.SCALAR) {
      FieldPath field = fieldPath(node);
      return field == null ? null : ValueSpec.ofField(field);
    }
    if (map(node) == null) {
      return null;
    }
    int before = problems.count();
    keys(node, "field", "template", "value", "type", "format", "default");
    YamlNode fieldNode = node.entries.get("field");
    FieldPath field = fieldNode == null ? null : fieldPath(fieldNode);
    YamlNode templateNode = node.entries.get("template");
    Template template = templateNode == null ? null : template(templateNode);
    JsonNode constant = scalar(node.entries.get("value"));
    YamlNode typeNode = node.entries.get("type");
    ValueType type = typeNode == null ? null : attempt(typeNode, () -> ValueType.named(text(typeNode)));
    YamlNode formatNode = node.entries.get("format");
    TimeFormat format = formatNode == null ? null : timeFormat(formatNode);
    JsonNode defaultValue = scalar(node.entries.get("default"));
    if (problems.count() > before) {
      return null;
    }
    return attempt(node, () -> new ValueSpec(field, template, constant, type, format, defaultValue));
  }

  private @Nullable Condition condition(YamlNode node) {
    if (map(node) == null) {
      return null;
    }
    keys(node, "present", "absent", "field", "equals", "in", "not", "and", "or");
    List<String> operators = new ArrayList<>();
    for (String operator : List.of("present", "absent", "equals", "in", "not", "and", "or")) {
      if (node.entries.containsKey(operator)) {
        operators.add(operator);
      }
    }
    if (operators.size() != 1) {
      problems.add(
          node,
          "a condition needs exactly one of present, absent, equals, in, not, and, or; got "
              + (operators.isEmpty() ? "none" : String.join(", ", operators)));
      return null;
    }
    String operator = operators.get(0);
    YamlNode operand = node.entries.get(operator);
    boolean onField = operator.equals("equals") || operator.equals("in");
    if (!onField && node.entries.containsKey("field")) {
      problems.add(node.keys.get("field"), "field is only for equals and in");
      return null;
    }
    switch (operator) {
      case "present":
      case "absent":
        FieldPath path = fieldPath(operand);
        return path == null ? null : Condition.onField(Condition.Kind.valueOf(operator.toUpperCase()), path, List.of());
      case "equals":
      case "in":
        FieldPath field = fieldPath(require(node, "field"));
        List<JsonNode> values = new ArrayList<>();
        List<YamlNode> valueNodes = operator.equals("in") ? list(operand) : List.of(operand);
        for (YamlNode value : valueNodes) {
          JsonNode scalar = scalar(value);
          if (scalar != null) {
            values.add(scalar);
          }
        }
        if (field == null || values.size() != valueNodes.size()) {
          return null;
        }
        return attempt(
            operand,
            () -> {
              if (values.isEmpty()) {
                throw new IllegalArgumentException("in needs at least one value");
              }
              return Condition.onField(Condition.Kind.valueOf(operator.toUpperCase()), field, values);
            });
      case "not":
        Condition negated = condition(operand);
        return negated == null ? null : Condition.combining(Condition.Kind.NOT, List.of(negated));
      default:
        List<Condition> parts = new ArrayList<>();
        List<YamlNode> partNodes = list(operand);
        for (YamlNode part : partNodes) {
          Condition condition = condition(part);
          if (condition != null) {
            parts.add(condition);
          }
        }
        if (parts.size() != partNodes.size()) {
          return null;
        }
        return attempt(operand, () -> Condition.combining(Condition.Kind.valueOf(operator.toUpperCase()), parts));
    }
  }

  // Leaves: each records its own problem and returns null.

  private @Nullable String typeName(@Nullable YamlNode node) {
    String name = text(node);
    return name == null ? null : attempt(node, () -> TypeNames.validate(name));
  }

  /**
   * A property name: a type name that does not start with {@code _}, which the sinks keep for their own
   * fields ({@code _id}, {@code _count}, … in Neo4j), so such a property would clash or vanish there.
   */
  private @Nullable String propertyName(@Nullable YamlNode node) {
    String name = typeName(node);
    if (name != null && name.startsWith("_")) {
      problems.add(node, "property name '" + name + "' starts with '_', which the sinks keep for their own fields");
      return null;
    }
    return name;
  }

  private @Nullable FieldPath fieldPath(@Nullable YamlNode node) {
    String path = text(node);
    return path == null ? null : attempt(node, () -> FieldPath.parse(path));
  }

  private @Nullable Template template(@Nullable YamlNode node) {
    String text = text(node);
    return text == null ? null : attempt(node, () -> Template.parse(text));
  }

  private @Nullable TimeFormat timeFormat(YamlNode node) {
    String text = text(node);
    return text == null ? null : attempt(node, () -> TimeFormat.named(text));
  }

  private @Nullable JsonNode scalar(@Nullable YamlNode node) {
    if (node == null) {
      return null;
    }
    if (node.kind != YamlNode.Kind.SCALAR) {
      problems.add(node, "expected a single value, got a " + node.describe());
      return null;
    }
    return node.scalar;
  }

  /** A non-null scalar as text. */
  private @Nullable String text(@Nullable YamlNode node) {
    if (node == null) {
      return null;
    }
    if (node.kind != YamlNode.Kind.SCALAR || node.isNull()) {
      problems.add(node, "expected a text value, got " + node.describe());
      return null;
    }
    return node.text();
  }

  private @Nullable YamlNode map(YamlNode node) {
    if (node.kind != YamlNode.Kind.MAP) {
      problems.add(node, "expected a map, got " + node.describe());
      return null;
    }
    return node;
  }

  private List<YamlNode> list(@Nullable YamlNode node) {
    if (node == null) {
      return List.of();
    }
    if (node.kind != YamlNode.Kind.LIST) {
      problems.add(node, "expected a list, got " + node.describe());
      return List.of();
    }
    return node.items;
  }

  private @Nullable YamlNode require(YamlNode map, String key) {
    YamlNode value = map.entries.get(key);
    if (value == null) {
      problems.add(map, "'" + key + "' is required");
    }
    return value;
  }

  private void keys(YamlNode map, String... allowed) {
    List<String> known = List.of(allowed);
    map.keys.forEach(
        (key, at) -> {
          if (!known.contains(key)) {
            problems.add(at, "unknown key '" + key + "' (expected one of: " + String.join(", ", known) + ")");
          }
        });
  }

  private <T> @Nullable T attempt(YamlNode at, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      problems.add(at, e.getMessage());
      return null;
    }
  }
}
