package dev.rdg.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import dev.rdg.mapping.EventMapper;
import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The generator is deterministic and writes what the Netflix mapping reads, defects included. */
@RunWith(JUnit4.class)
public class EventGeneratorTest {
  private static final String[] FILES = {"playback.jsonl", "sessions.jsonl", "games.jsonl"};

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** The same seed writes the same bytes; another seed writes other bytes. */
  @Test
  public void testSameSeedSameBytes() throws Exception {
    Path a = tmp.newFolder("a").toPath();
    Path b = tmp.newFolder("b").toPath();
    Path c = tmp.newFolder("c").toPath();
    new EventGenerator(7, 0.01, 0.001, 0.02).write(3000, a);
    new EventGenerator(7, 0.01, 0.001, 0.02).write(3000, b);
    new EventGenerator(8, 0.01, 0.001, 0.02).write(3000, c);
    for (String file : FILES) {
      assertThat(file, Files.readAllBytes(a.resolve(file)), equalTo(Files.readAllBytes(b.resolve(file))));
    }
    assertThat(Files.readAllBytes(a.resolve("playback.jsonl")), not(equalTo(Files.readAllBytes(c.resolve("playback.jsonl")))));
  }

  /** Every line the generator did not break maps; the broken ones are dead letters; redeliveries repeat ids. */
  @Test
  public void testLinesMapWithTheNetflixMapping() throws Exception {
    assertLinesMap("netflix.yaml");
  }

  /** The same with the mapping {@code rdg bench} uses, whose heartbeats assert only their edge. */
  @Test
  public void testLinesMapWithTheHeartbeatMapping() throws Exception {
    assertLinesMap("netflix-heartbeats.yaml");
  }

  private void assertLinesMap(String mappingFile) throws Exception {
    Path dir = tmp.getRoot().toPath();
    EventGenerator.Counts counts = new EventGenerator(42, 0.05, 0.01, 0.02).write(5000, dir);
    EventMapper mapper =
        new EventMapper(Mapping.load(Path.of("..", "test-data", "mappings", mappingFile)));
    long lines = 0;
    long deadLetters = 0;
    long repeated = 0;
    for (String file : FILES) {
      Set<String> seen = new HashSet<>();
      List<String> fileLines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      for (int i = 0; i < fileLines.size(); i++) {
        lines++;
        EventMapper.Result result =
            mapper.map(
                RawEvent.of(
                    file.replace(".jsonl", ""),
                    fileLines.get(i).getBytes(StandardCharsets.UTF_8),
                    file,
                    i + 1));
        if (result.deadLetterReason() != null) {
          deadLetters++;
        } else if (!seen.add(result.mutations().get(0).eventId())) {
          repeated++;
        }
      }
    }
    assertThat(lines, equalTo(counts.lines));
    assertThat(counts.malformed, greaterThan(0L));
    assertThat(deadLetters, equalTo(counts.malformed));
    assertThat(repeated, equalTo(counts.redelivered));
  }
}
