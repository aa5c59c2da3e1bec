package dev.rdg.mapping;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Runs every example of {@code docs/MAPPING.md}: each {@code yaml} block is parsed (with the {@code lookup}
 * blocks before it as files), each event of the following {@code events} block is mapped, and the output
 * must equal the {@code result} block, so the reference cannot drift from the code.
 */
@RunWith(JUnit4.class)
public class MappingDocTest {
  private static final Path DOC = Path.of("..", "docs", "MAPPING.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Every example maps its events to exactly its documented result. */
  @Test
  public void testEveryExampleRunsAsDocumented() throws Exception {
    List<String[]> blocks = fencedBlocks(Files.readString(DOC, StandardCharsets.UTF_8));
    Path directory = tmp.getRoot().toPath();
    Mapping mapping = null;
    String events = null;
    int examples = 0;
    for (String[] block : blocks) {
      String info = block[0];
      String text = block[1];
      if (info.startsWith("lookup ")) {
        Files.writeString(directory.resolve(info.substring("lookup ".length()).trim()), text);
      } else if (info.equals("yaml")) {
        mapping = Mapping.parse(text, "docs/MAPPING.md example " + (examples + 1), directory);
      } else if (info.equals("events")) {
        events = text;
      } else if (info.equals("result")) {
        assertEquals("example " + (examples + 1) + " of docs/MAPPING.md", text, run(mapping, events));
        examples++;
        mapping = null;
        events = null;
      }
    }
    assertTrue("docs/MAPPING.md has an example per feature: " + examples, examples >= 10);
  }

  private static String run(Mapping mapping, String events) throws Exception {
    Map<String, Map<String, JsonNode>> tables = new HashMap<>();
    for (LookupTable table : mapping.lookups().values()) {
      Map<String, JsonNode> rows = new HashMap<>();
      for (Map.Entry<String, String> row : table.load().entrySet()) {
        rows.put(row.getKey(), JSON.readTree(row.getValue()));
      }
      tables.put(table.name(), rows);
    }
    EventMapper mapper = new EventMapper(mapping);
    StringBuilder out = new StringBuilder();
    int line = 0;
    for (String event : events.split("\n")) {
      String[] sourceAndPayload = event.split(" ", 2);
      RawEvent raw =
          RawEvent.of(sourceAndPayload[0], sourceAndPayload[1].getBytes(StandardCharsets.UTF_8), "doc", ++line);
      EventMapper.Result result = mapper.map(raw, tables);
      if (result.deadLetterReason() != null) {
        out.append("dead letter (").append(result.stage()).append("): ").append(result.deadLetterReason()).append('\n');
      } else if (result.filterReason() != null) {
        out.append("filtered: ").append(result.filterReason()).append('\n');
      } else {
        GraphMutation first = result.mutations().get(0);
        out.append("mapped ").append(first.eventId()).append(' ').append(first.eventTime()).append('\n');
        for (GraphMutation mutation : result.mutations()) {
          String properties = JSON.writeValueAsString(mutation.properties().values());
          if (mutation.node() != null) {
            out.append("  node ").append(mutation.node().type()).append(' ').append(mutation.node().id());
          } else {
            out.append("  edge ").append(mutation.edge().type()).append(' ')
                .append(mutation.edge().src().type()).append(':').append(mutation.edge().src().id())
                .append(" -> ")
                .append(mutation.edge().dst().type()).append(':').append(mutation.edge().dst().id());
          }
          out.append(' ').append(properties).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** The fenced blocks of a Markdown text: info string and content (ending with a newline). */
  private static List<String[]> fencedBlocks(String markdown) {
    List<String[]> blocks = new ArrayList<>();
    String info = null;
    StringBuilder content = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (info == null && line.startsWith("```")) {
        info = line.substring(3).trim();
        content.setLength(0);
      } else if (info != null && line.equals("```")) {
        blocks.add(new String[] {info, content.toString()});
        info = null;
      } else if (info != null) {
        content.append(line).append('\n');
      }
    }
    return blocks;
  }
}
