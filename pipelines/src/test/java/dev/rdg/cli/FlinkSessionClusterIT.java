package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The shaded jar on a real Flink session cluster (a JobManager and a TaskManager process started by
 * {@code scripts/flink-cluster.sh}): {@code ./rdg ingest --flinkMaster=…} stages its own jar, the job is
 * named after its sources and reports rdg's counters to Flink's REST API, and the export is the expected
 * graph, byte for byte.
 */
@RunWith(JUnit4.class)
public class FlinkSessionClusterIT {
  private static FlinkSessionCluster cluster;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void startCluster() throws Exception {
    cluster = FlinkSessionCluster.start(Map.of());
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** The session cluster's export equals the expected graph; the job shows in Flink's REST API. */
  @Test
  public void testIngestOnSessionClusterExportsExpectedGraph() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path store = work.resolve("store");
    cluster.run(
        600,
        List.of(
            FlinkSessionCluster.REPO.resolve("rdg").toString(),
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--input=" + NetflixSample.INPUT,
            "--sink=embedded:" + store,
            "--deadLetter=" + work.resolve("deadletters.jsonl"),
            "--summary=" + work.resolve("summary.json"),
            "--runner=FlinkRunner",
            "--flinkMaster=" + cluster.restAddress(),
            "--progressSeconds=0"));
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
    assertThat(NetflixSample.deadLetters(work), equalTo(NetflixSample.expectedDeadLetters()));

    String jobs = cluster.get("/jobs/overview");
    assertThat(jobs, containsString("\"name\":\"rdg-ingest-playback-sessions-games\""));
    assertThat(jobs, containsString("\"state\":\"FINISHED\""));
    String jobId = jobs.replaceAll("(?s).*\"jid\":\"([0-9a-f]+)\".*", "$1");
    String accumulators = cluster.get("/jobs/" + jobId + "/accumulators");
    assertThat("Beam counters reach Flink", accumulators, containsString("deadLettered"));
  }
}
