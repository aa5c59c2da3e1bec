package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("scripts/flink-cluster.sh");
  private static final Path FLINK_HOME = Path.of("target/flink-cluster-it").toAbsolutePath();
  private static String restAddress;
  private static List<String> clusterEnv;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void startCluster() throws Exception {
    clusterEnv =
        List.of(
            "FLINK_HOME=" + FLINK_HOME,
            "FLINK_REST_PORT=" + freePort(),
            "FLINK_RPC_PORT=" + freePort());
    restAddress = run(List.of("bash", SCRIPT.toString(), "start"), 600).trim();
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (clusterEnv != null) {
      run(List.of("bash", SCRIPT.toString(), "stop"), 120);
    }
  }

  /** The session cluster's export equals the expected graph; the job shows in Flink's REST API. */
  @Test
  public void testIngestOnSessionClusterExportsExpectedGraph() throws Exception {
    Path work = tmp.getRoot().toPath();
    Path store = work.resolve("store");
    run(
        List.of(
            REPO.resolve("rdg").toString(),
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--input=" + NetflixSample.INPUT,
            "--sink=embedded:" + store,
            "--deadLetter=" + work.resolve("deadletters.jsonl"),
            "--summary=" + work.resolve("summary.json"),
            "--runner=FlinkRunner",
            "--flinkMaster=" + restAddress,
            "--progressSeconds=0"),
        600);
    assertThat(NetflixSample.export(work, store), equalTo(NetflixSample.expectedExport()));
    assertThat(NetflixSample.deadLetters(work), equalTo(NetflixSample.expectedDeadLetters()));

    String jobs = get("/jobs/overview");
    assertThat(jobs, containsString("\"name\":\"rdg-ingest-playback-sessions-games\""));
    assertThat(jobs, containsString("\"state\":\"FINISHED\""));
    String jobId = jobs.replaceAll("(?s).*\"jid\":\"([0-9a-f]+)\".*", "$1");
    String accumulators = get("/jobs/" + jobId + "/accumulators");
    assertThat("Beam counters reach Flink", accumulators, containsString("deadLettered"));
  }

  private static String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + restAddress + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(path + " answers", response.statusCode(), equalTo(200));
    return response.body();
  }

  /** Runs a command with the cluster's environment; returns its stdout, failing on a non-zero exit. */
  private static String run(List<String> command, int timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(REPO.toFile());
    for (String entry : clusterEnv) {
      String[] kv = entry.split("=", 2);
      builder.environment().put(kv[0], kv[1]);
    }
    Path err = Files.createTempFile("rdg-it", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(err);
    if (process.exitValue() != 0) {
      throw new AssertionError(command + " exited " + process.exitValue() + ": " + stderr);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
