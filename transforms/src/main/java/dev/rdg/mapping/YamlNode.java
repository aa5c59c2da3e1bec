package dev.rdg.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column it starts at, so every problem in a mapping file can be reported
 * where it is. Jackson's tree model drops locations; this tree is read from Jackson's streaming YAML parser.
 */
final class YamlNode {
  enum Kind {
    MAP,
    LIST,
    SCALAR
  }

  /**
   * YAML 1.1 reads {@code yes}, {@code no}, {@code on} and {@code off} as booleans, so a field named
   * {@code on} or a condition's value {@code no} would silently become {@code true}/{@code false}; only
   * {@code true} and {@code false} are booleans here, as in YAML 1.2.
   */
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();

  final Kind kind;
  final int line;
  final int column;
  /** Where this value is in the document: {@code sources[0].nodes[1].type}. */
  final String path;

  final Map<String, YamlNode> entries = new LinkedHashMap<>();
  /** The node of each key (a scalar), for problems with the key itself. */
  final Map<String, YamlNode> keys = new LinkedHashMap<>();

  final List<YamlNode> items = new ArrayList<>();
  final JsonNode scalar;

  private YamlNode(Kind kind, JsonLocation at, String path, JsonNode scalar) {
    this.kind = kind;
    this.line = at.getLineNr();
    this.column = at.getColumnNr();
    this.path = path;
    this.scalar = scalar;
  }

  /**
   * Reads one YAML document; duplicate keys are reported to {@code problems}. Returns null for a document
   * with no content.
   */
  static YamlNode read(String yaml, Problems problems) throws IOException {
    try (JsonParser parser = YAML.createParser(yaml)) {
      if (parser.nextToken() == null) {
        return null;
      }
      return read(parser, "", problems);
    }
  }

  private static YamlNode read(JsonParser parser, String path, Problems problems) throws IOException {
    JsonLocation at = parser.getTokenLocation();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      YamlNode map = new YamlNode(Kind.MAP, at, path, null);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        String keyPath = path.isEmpty() ? key : path + "." + key;
        YamlNode keyNode =
            new YamlNode(Kind.SCALAR, parser.getTokenLocation(), keyPath, JsonNodeFactory.instance.textNode(key));
        parser.nextToken();
        YamlNode value = read(parser, keyPath, problems);
        if (map.entries.containsKey(key)) {
          problems.add(keyNode, "key '" + key + "' appears twice");
        }
        map.entries.put(key, value);
        map.keys.put(key, keyNode);
      }
      return map;
    }
    if (token == JsonToken.START_ARRAY) {
      YamlNode list = new YamlNode(Kind.LIST, at, path, null);
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        list.items.add(read(parser, path + "[" + list.items.size() + "]", problems));
      }
      return list;
    }
    JsonNodeFactory json = JsonNodeFactory.instance;
    JsonNode scalar;
    switch (token) {
      case VALUE_NUMBER_INT:
        scalar = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? json.numberNode(parser.getBigIntegerValue())
            : json.numberNode(parser.getLongValue());
        break;
      case VALUE_NUMBER_FLOAT:
        scalar = json.numberNode(parser.getDoubleValue());
        break;
      case VALUE_TRUE:
      case VALUE_FALSE:
        scalar = json.booleanNode(parser.getBooleanValue());
        break;
      case VALUE_NULL:
        scalar = json.nullNode();
        break;
      default:
        scalar = json.textNode(parser.getText());
    }
    return new YamlNode(Kind.SCALAR, at, path, scalar);
  }

  boolean isNull() {
    return kind == Kind.SCALAR && scalar.isNull();
  }

  /** The scalar as text; numbers and booleans as written. */
  String text() {
    return scalar.asText();
  }

  String describe() {
    return kind == Kind.SCALAR ? (scalar.isNull() ? "null" : scalar.getNodeType().toString().toLowerCase()) : kind.toString().toLowerCase();
  }
}
