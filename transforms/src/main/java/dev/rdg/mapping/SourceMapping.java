package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.rdg.model.TypeNames;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How one source's events become graph assertions: its name, its files and their format, where the event id
 * and time are, which events it keeps, and its node and edge patterns.
 */
public final class SourceMapping implements Serializable {
  /** The formats a source's files can have. */
  public enum Format {
    /** One JSON object a line. */
    JSONL,
    /** One record a line, its cells named by the source's {@code columns}; a header line is skipped. */
    CSV,
    /** Avro container files; each record is read as its JSON form. */
    AVRO;

    static Format named(String name) {
      for (Format format : values()) {
        if (format.name().equalsIgnoreCase(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException("unknown format '" + name + "' (expected jsonl, csv or avro)");
    }
  }

  /** A reader made once: {@code ObjectMapper.readTree} looks up the tree's type and deserializer per call. */
  private static final ObjectReader JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readerFor(JsonNode.class);

  private final String name;
  private final @Nullable String files;
  private final Format format;
  private final List<String> columns;
  private final boolean header;
  private final List<FieldPath> eventId;
  private final EventTimeSpec eventTime;
  private final @Nullable Condition filter;
  private final List<NodePattern> nodes;
  private final List<EdgePattern> edges;

  SourceMapping(
      String name,
      @Nullable String files,
      Format format,
      List<String> columns,
      boolean header,
      List<FieldPath> eventId,
      EventTimeSpec eventTime,
      @Nullable Condition filter,
      List<NodePattern> nodes,
      List<EdgePattern> edges) {
    this.name = TypeNames.validate(name);
    this.files = files;
    if (files != null) {
      FileSystems.getDefault().getPathMatcher("glob:" + files);
    }
    this.format = format;
    this.columns = List.copyOf(columns);
    this.header = header;
    if (format == Format.CSV && columns.isEmpty()) {
      throw new IllegalArgumentException("source '" + name + "' has format csv but no columns");
    }
    if (format != Format.CSV && !columns.isEmpty()) {
      throw new IllegalArgumentException("columns are only for format csv");
    }
    this.eventId = List.copyOf(eventId);
    this.eventTime = Mapping.required(eventTime, "eventTime");
    this.filter = filter;
    // One list class for every source, so the mapping's loops over patterns stay monomorphic when compiled.
    this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
    this.edges = Collections.unmodifiableList(new ArrayList<>(edges));
    if (this.nodes.isEmpty() && this.edges.isEmpty()) {
      throw new IllegalArgumentException("source '" + name + "' has no node or edge patterns");
    }
  }

  public String name() {
    return name;
  }

  public Format format() {
    return format;
  }

  /** Whether the first line of each of this source's files is a header to skip (CSV only). */
  public boolean skipsHeader() {
    return format == Format.CSV && header;
  }

  /** The fields that identify an event; empty means a hash of the payload identifies it. */
  public List<FieldPath> eventId() {
    return eventId;
  }

  public EventTimeSpec eventTime() {
    return eventTime;
  }

  @Nullable Condition filter() {
    return filter;
  }

  public List<NodePattern> nodes() {
    return nodes;
  }

  public List<EdgePattern> edges() {
    return edges;
  }

  /** The payload as an object, or {@link IllegalArgumentException} saying why it is none. */
  JsonNode decode(byte[] payload) {
    if (format == Format.CSV) {
      return Csv.record(utf8(payload), columns);
    }
    JsonNode json;
    try {
      json = JSON.readTree(payload);
    } catch (IOException e) {
      String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
          : e.getMessage();
      throw new IllegalArgumentException(String.valueOf(message).split("\n", 2)[0]);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "expected an object, got " + (json == null || json.isMissingNode() ? "nothing" : json.getNodeType()));
    }
    return json;
  }

  /**
   * The line's text, or {@link IllegalArgumentException} when it is not UTF-8: decoding with replacement
   * characters would change its values unseen, and different lines' ids into one.
   */
  private static String utf8(byte[] payload) {
    ByteBuffer bytes = ByteBuffer.wrap(payload);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      // The decoder stops at the start of the bytes it cannot decode.
      throw new IllegalArgumentException("not UTF-8 at byte " + (bytes.position() + 1));
    }
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
