package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@code rdg ingest} then {@code rdg export} of the Netflix sample on the DirectRunner. */
@RunWith(JUnit4.class)
public class IngestEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** The export equals the expected graph worked out by hand, byte for byte. */
  @Test
  public void testExportEqualsExpectedGraph() throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingest(work, work.resolve("store"), "--runner=DirectRunner");
    assertThat(NetflixSample.export(work, work.resolve("store")), equalTo(NetflixSample.expectedExport()));
  }

  /** Every malformed line is one dead letter with its file, line and reason; the counters balance. */
  @Test
  public void testDeadLettersAndCounters() throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingest(work, work.resolve("store"), "--runner=DirectRunner");
    assertThat(NetflixSample.deadLetters(work), equalTo(NetflixSample.expectedDeadLetters()));
    JsonNode summary = NetflixSample.summary(work);
    long read = summary.get("read").asLong();
    assertThat(
        "read = mapped + filtered + deadLettered",
        read,
        equalTo(
            summary.get("mapped").asLong()
                + summary.get("filtered").asLong()
                + summary.get("deadLettered").asLong()));
    assertThat(summary.get("deadLettered").asLong(), equalTo((long) NetflixSample.expectedDeadLetters().size()));
    assertThat("test-data/README.md: 80 non-blank lines", read, equalTo(80L));
    assertThat("test-data/README.md: 7 redeliveries", summary.get("duplicates").asLong(), equalTo(7L));
  }

  /** Ingesting the same input again into the same store leaves the export byte-identical. */
  @Test
  public void testReplayIsIdempotent() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path store = work.resolve("store");
    NetflixSample.ingest(work, store, "--runner=DirectRunner");
    String first = NetflixSample.export(work, store);
    NetflixSample.ingest(work, store, "--runner=DirectRunner");
    assertThat(NetflixSample.export(work, store), equalTo(first));
  }
}
