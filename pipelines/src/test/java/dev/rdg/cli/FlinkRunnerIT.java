package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The same ingest on the FlinkRunner's embedded cluster gives the same bytes as on the DirectRunner. */
@RunWith(JUnit4.class)
public class FlinkRunnerIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Embedded Flink, parallelism 2: the export equals the expected graph and the DirectRunner's export. */
  @Test
  public void testFlinkExportEqualsDirectExport() throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingest(work, work.resolve("flink"), "--runner=FlinkRunner", "--parallelism=2");
    String flink = NetflixSample.export(work, work.resolve("flink"));
    NetflixSample.ingest(work, work.resolve("direct"), "--runner=DirectRunner");
    assertThat(flink, equalTo(NetflixSample.expectedExport()));
    assertThat(flink, equalTo(NetflixSample.export(work, work.resolve("direct"))));
  }

  /** Replaying the sample on Flink into the same store leaves the export byte-identical. */
  @Test
  public void testFlinkReplayIsIdempotent() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path store = work.resolve("store");
    NetflixSample.ingest(work, store, "--runner=FlinkRunner");
    String first = NetflixSample.export(work, store);
    NetflixSample.ingest(work, store, "--runner=FlinkRunner");
    assertThat(NetflixSample.export(work, store), equalTo(first));
    assertThat(first, equalTo(NetflixSample.expectedExport()));
  }

  /** The catalog sample on Flink: lookup tables reach the mapping as side inputs there too. */
  @Test
  public void testFlinkCatalogWithLookupSideInputs() throws Exception {
    Path work = tmp.getRoot().toPath();
    NetflixSample.ingest(
        CatalogSampleTest.MAPPING, CatalogSampleTest.INPUT, work, work.resolve("store"),
        "--runner=FlinkRunner", "--parallelism=2");
    assertThat(
        NetflixSample.export(work, work.resolve("store")),
        equalTo(
            java.nio.file.Files.readString(
                NetflixSample.TEST_DATA.resolve("expected/catalog.jsonl"),
                java.nio.charset.StandardCharsets.UTF_8)));
  }
}
