package dev.rdg.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record per line (RFC 4180 quoting: {@code "a ""quoted"", value"}); a record becomes a JSON object
 * of its columns, empty cells left out so that they read as absent.
 */
final class Csv {
  private Csv() {}

  /** The cells of one line, or {@link IllegalArgumentException} for broken quoting. */
  static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (wasQuoted) {
        throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unclosed quote");
    }
    cells.add(line.endsWith("\r") ? cell.substring(0, Math.max(0, cell.length() - 1)) : cell.toString());
    return cells;
  }

  /** The line as an object of {@code columns}; {@link IllegalArgumentException} when the cells do not fit. */
  static ObjectNode record(String line, List<String> columns) {
    List<String> cells = cells(line);
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          "expected " + columns.size() + " cells, got " + cells.size());
    }
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < cells.size(); i++) {
      if (!cells.get(i).isEmpty()) {
        record.put(columns.get(i), cells.get(i));
      }
    }
    return record;
  }
}
