package dev.rdg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table events are enriched from: {@code {name: titles, file: lookups/titles.csv, format: csv, key: id}}.
 * The file (a path relative to the mapping file, readable wherever the job runs) is read whole into
 * key → row; JSON Lines rows are objects, CSV rows take their column names from the header line. A later
 * row with the same key replaces an earlier one.
 */
public final class LookupTable implements Serializable {
  /** The formats a lookup file can have. */
  enum Format {
    JSONL,
    CSV
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final String file;
  private final Format format;
  private final FieldPath key;

  LookupTable(String name, String file, Format format, FieldPath key) {
    this.name = name;
    this.file = file;
    this.format = format;
    this.key = key;
  }

  public String name() {
    return name;
  }

  /** Reads the table: key → the row as JSON text; {@link IllegalArgumentException} says what is wrong. */
  public Map<String, String> load() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("lookup file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read lookup file " + file + ": " + e.getMessage());
    }
    Map<String, String> rows = new LinkedHashMap<>();
    List<String> header = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String where = "lookup file " + file + " line " + (i + 1) + ": ";
      JsonNode row;
      try {
        if (format == Format.CSV && header == null) {
          header = Csv.cells(line);
          continue;
        }
        row = format == Format.CSV ? Csv.record(line, header) : JSON.readTree(line);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage().split("\n", 2)[0]);
      }
      JsonNode id = row.isObject() ? key.find(row) : null;
      if (id == null || id.isContainerNode()) {
        throw new IllegalArgumentException(where + "no key field '" + key + "'");
      }
      rows.put(id.asText(), row.toString());
    }
    return rows;
  }
}
