package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.rdg.sinks.jdbc.TestPostgres;
import dev.rdg.sinks.neo4j.TestNeo4j;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code rdg ingest --sink=…} of the Netflix sample into a real Neo4j and a real PostgreSQL (both started
 * by the tests) and into files, on Flink's embedded cluster with two writers: {@code rdg export} of each
 * equals the expected graph, which is the embedded store's export; a replay changes nothing.
 */
@RunWith(JUnit4.class)
public class SinksEndToEndIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Neo4j exports the expected graph, and again after the whole input is ingested a second time. */
  @Test
  public void testNeo4jExportEqualsEmbedded() throws Exception {
    assertIngestExportsExpected(TestNeo4j.emptyUri("batchSize=50"));
  }

  /** PostgreSQL exports the expected graph, and again after the whole input is ingested a second time. */
  @Test
  public void testPostgresExportEqualsEmbedded() throws Exception {
    assertIngestExportsExpected(TestPostgres.freshUri("batchSize=50"));
  }

  /** The file sink exports the expected graph, and again after the whole input is ingested a second time. */
  @Test
  public void testFileSinkExportEqualsEmbedded() throws Exception {
    assertIngestExportsExpected("file:" + tmp.newFolder("files").toPath());
  }

  private void assertIngestExportsExpected(String sink) throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingestInto(work, sink, "--runner=FlinkRunner", "--parallelism=2");
    assertThat(sink, NetflixSample.export(work, sink), equalTo(NetflixSample.expectedExport()));
    NetflixSample.ingestInto(work, sink, "--runner=FlinkRunner", "--parallelism=2");
    assertThat("replay into " + sink, NetflixSample.export(work, sink),
        equalTo(NetflixSample.expectedExport()));
  }
}
