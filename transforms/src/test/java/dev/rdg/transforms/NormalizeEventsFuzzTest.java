package dev.rdg.transforms;

import static dev.rdg.testing.Counters.counter;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.RawEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Feeds {@value #EVENTS} generated malformed and hostile events (truncated JSON, wrong types, huge strings,
 * control characters, bytes that are not UTF-8, ids with separators, query-like values, deep nesting, out
 * of range times, broken CSV) through {@link NormalizeEvents} with a mapping that uses every feature:
 * nothing crashes, and {@code read = mapped + filtered + deadLettered} holds exactly.
 */
@RunWith(JUnit4.class)
public class NormalizeEventsFuzzTest implements Serializable {
  private static final int EVENTS = 12_000;

  /** The runner's per-element immutability and encoding checks would dominate the run time of 10,000s of events. */
  @Rule
  public final transient TestPipeline p =
      TestPipeline.fromOptions(
          PipelineOptionsFactory.fromArgs("--enforceImmutability=false", "--enforceEncodability=false").create());
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static final String MAPPING =
      "lookups:\n"
          + "  - {name: titles, file: titles.jsonl, key: id}\n"
          + "schema:\n"
          + "  nodes:\n"
          + "    title: {properties: {name: string, year: long}}\n"
          + "  edges:\n"
          + "    rated: {properties: {stars: long}, required: [stars]}\n"
          + "sources:\n"
          + "  - name: ratings\n"
          + "    eventId: [eventId, account.id]\n"
          + "    eventTime: {field: ts, format: iso8601}\n"
          + "    filter: {or: [{absent: kind}, {not: {field: kind, in: [test, debug]}}]}\n"
          + "    nodes:\n"
          + "      - type: profile\n"
          + "        id: \"${account.id}/${account.profile}\"\n"
          + "        properties: {name: account.name, age: {field: account.age, type: long, default: 0}}\n"
          + "      - type: title\n"
          + "        forEach: titles\n"
          + "        id: \"${item.id}\"\n"
          + "        enrich: {lookup: titles, key: \"${item.id}\", properties: {name: name, year: {field: year, type: long}}}\n"
          + "    edges:\n"
          + "      - type: rated\n"
          + "        forEach: titles\n"
          + "        when: {present: item.stars}\n"
          + "        from: {type: profile, id: \"${account.id}/${account.profile}\"}\n"
          + "        to: {type: title, id: \"${item.id}\"}\n"
          + "        properties: {stars: item.stars, at: {field: ts, type: timestamp}}\n"
          + "  - name: devices\n"
          + "    format: csv\n"
          + "    columns: [id, model, at, on]\n"
          + "    eventTime: {field: at, format: epochSeconds}\n"
          + "    nodes:\n"
          + "      - type: device\n"
          + "        id: \"dev-${id}\"\n"
          + "        properties: {model: model, on: {field: on, type: boolean}}\n";

  private static final String[] HOSTILE = {
    "a})-[:X]->(b", "x; DROP TABLE nodes", "a/b|c:d", "\u0000\u0001\u001f", "\"}", "${id}", "💥",
    "MATCH (n) DETACH DELETE n", "' OR 1=1 --", "\\", "\n\r\t", ""
  };

  /** Every generated event ends mapped, filtered or dead-lettered, and the counters add up exactly. */
  @Test
  public void testHostileEventsNeverCrashAndCountersBalance() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(
        dir.resolve("titles.jsonl"),
        "{\"id\":\"t1\",\"name\":\"Dune\",\"year\":2021}\n{\"id\":\"t2\",\"name\":\"Heat\",\"year\":\"x\"}\n");
    Path mappingFile = dir.resolve("mapping.yaml");
    Files.writeString(mappingFile, MAPPING);
    Mapping mapping = Mapping.load(mappingFile);

    Random random = new Random(20260301);
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      boolean csv = random.nextInt(4) == 0;
      byte[] payload = csv ? csvLine(random) : jsonEvent(random);
      events.add(RawEvent.of(csv ? "devices" : random.nextInt(50) == 0 ? "x; DROP" : "ratings", payload, "fuzz", i + 1));
    }
    PCollection<MappedEvent> normalized =
        p.apply(Create.of(events).withCoder(RawEvent.RawEventCoder.of())).apply(NormalizeEvents.with(mapping));
    PAssert.thatSingleton(
            normalized
                .apply(Filter.by(MappedEvent::isRejected))
                .apply(
                    "WithoutReason",
                    Filter.by(
                        (MappedEvent rejected) ->
                            rejected.deadLetter().reason().isEmpty()
                                || rejected.deadLetter().stage().isEmpty()))
                .apply(Count.globally()))
        .isEqualTo(0L);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    long read = counter(result, GraphCounters.READ);
    long mapped = counter(result, GraphCounters.MAPPED);
    long filtered = counter(result, GraphCounters.FILTERED);
    long deadLettered = counter(result, GraphCounters.DEAD_LETTERED);
    assertEquals(EVENTS, read);
    assertEquals("read = mapped + filtered + deadLettered", read, mapped + filtered + deadLettered);
    assertTrue("some of each: " + mapped + "/" + filtered + "/" + deadLettered, mapped > 1000 && filtered > 100 && deadLettered > 1000);
  }

  private static byte[] jsonEvent(Random random) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"eventId\":").append(value(random, "e" + random.nextInt(1_000_000)));
    json.append(",\"ts\":").append(random.nextInt(10) == 0 ? value(random, "2026-03-01T19:00:00Z") : "\"2026-03-01T19:0" + random.nextInt(10) + ":00Z\"");
    if (random.nextInt(5) > 0) {
      json.append(",\"kind\":").append(value(random, random.nextBoolean() ? "rating" : "test"));
    }
    json.append(",\"account\":{\"id\":").append(value(random, "a" + random.nextInt(100)))
        .append(",\"profile\":").append(value(random, "0"))
        .append(",\"name\":").append(value(random, "Ana"))
        .append(",\"age\":").append(value(random, "41")).append("}");
    json.append(",\"titles\":");
    if (random.nextInt(8) == 0) {
      json.append(value(random, "t1"));
    } else {
      json.append("[");
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        json.append(i == 0 ? "" : ",").append("{\"id\":").append(value(random, "t" + random.nextInt(4)));
        if (random.nextBoolean()) {
          json.append(",\"stars\":").append(value(random, "4"));
        }
        json.append("}");
      }
      json.append("]");
    }
    json.append("}");
    String text = json.toString();
    switch (random.nextInt(12)) {
      case 0:
        text = text.substring(0, random.nextInt(text.length())); // truncated
        break;
      case 1:
        text = "[" + text + "]";
        break;
      case 2:
        // Deeper than Jackson allows, now and then.
        text = random.nextInt(20) == 0 ? "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) : "{\"a\":".repeat(30) + "1";
        break;
      case 3:
        text = text + " trailing";
        break;
      default:
        break;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(40) == 0 && bytes.length > 2) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x7f)); // not UTF-8
    }
    return bytes;
  }

  /** A JSON value: usually the plausible one, else a wrong type or a hostile string. */
  private static String value(Random random, String plausible) {
    switch (random.nextInt(14)) {
      case 0:
        return "null";
      case 1:
        return "[1,2,{\"x\":[]}]";
      case 2:
        return "{\"nested\":{\"id\":1}}";
      case 3:
        return random.nextBoolean() ? "true" : "-0.0";
      case 4:
        return "1e400";
      case 5:
        // Huge strings are rare: each one is copied several times by the runner.
        return random.nextInt(40) == 0 ? "\"" + "x".repeat(100_000 + random.nextInt(1000)) + "\"" : "\"" + "y".repeat(2_000) + "\"";
      case 6:
        return quote(HOSTILE[random.nextInt(HOSTILE.length)]);
      case 7:
        return String.valueOf(random.nextLong());
      case 8:
        return "4.5";
      default:
        return quote(plausible);
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static byte[] csvLine(Random random) {
    String[] cells = {
      "d" + random.nextInt(50), "\"TV, 55\"", String.valueOf(1772445600 + random.nextInt(1000)),
      random.nextBoolean() ? "true" : "maybe"
    };
    for (int i = 0; i < cells.length; i++) {
      if (random.nextInt(6) == 0) {
        cells[i] = HOSTILE[random.nextInt(HOSTILE.length)].replace("\n", "");
      }
    }
    String line = String.join(",", cells);
    if (random.nextInt(10) == 0) {
      line = line + ",extra";
    } else if (random.nextInt(10) == 0) {
      line = "\"unclosed," + line;
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }
}
