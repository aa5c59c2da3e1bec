package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The catalog sample of {@code test-data/}: every mapping feature at once (fan-out, filters, conditions,
 * enrichment from CSV and JSON Lines lookup tables, a typed schema, CSV and Avro sources), ingested the way
 * a user does and compared with the export worked out by {@code test-data/tools/expected_catalog.py}.
 */
@RunWith(JUnit4.class)
public class CatalogSampleTest {
  static final Path MAPPING = NetflixSample.TEST_DATA.resolve("mappings/catalog.yaml");
  static final String INPUT =
      String.join(
          ",",
          NetflixSample.TEST_DATA.resolve("events/catalog") + "/*.jsonl",
          NetflixSample.TEST_DATA.resolve("events/catalog") + "/*.csv",
          NetflixSample.TEST_DATA.resolve("events/catalog") + "/*.avro");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Export, dead letters and counters on the DirectRunner equal the expected files and test-data/README.md. */
  @Test
  public void testCatalogIngestsToExpectedExport() throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingest(MAPPING, INPUT, work, work.resolve("store"), "--runner=DirectRunner");
    assertThat(
        NetflixSample.export(work, work.resolve("store")),
        equalTo(Files.readString(NetflixSample.TEST_DATA.resolve("expected/catalog.jsonl"), StandardCharsets.UTF_8)));
    assertThat(
        NetflixSample.deadLetters(work),
        equalTo(NetflixSample.expectedDeadLetters(NetflixSample.TEST_DATA.resolve("expected/catalog-deadletters.jsonl"))));
    JsonNode summary = NetflixSample.summary(work);
    assertThat(summary.get("read").asLong(), equalTo(20L));
    assertThat(summary.get("mapped").asLong(), equalTo(13L));
    assertThat(summary.get("filtered").asLong(), equalTo(2L));
    assertThat(summary.get("deadLettered").asLong(), equalTo(5L));
    assertThat(summary.get("duplicates").asLong(), equalTo(1L));
    assertThat(summary.get("lookupMisses").asLong(), equalTo(3L));
    assertThat(summary.get("skippedPatterns").asLong(), equalTo(1L));
    assertThat(summary.get("filteredBy").get("devices: filter not (status equals \"retired\")").asLong(), equalTo(1L));
    assertThat(summary.get("deadLetteredBy").get("devices: schema violation").asLong(), equalTo(1L));
  }
}
