package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.kafka.KafkaTestBroker;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A streaming ingest from Kafka on a Flink session cluster survives the loss of its TaskManager: the job
 * checkpoints (its Kafka offsets and its window and dedup state), the TaskManager process is killed with -9,
 * a new one is started, Flink restores the job from its last checkpoint and it reads on from the
 * checkpointed offsets. Half of the Netflix sample is produced before the kill and half after; the job is
 * then drained (stop with savepoint) and the export equals the expected graph, byte for byte: what the
 * job wrote between its checkpoint and the kill is written again after the restore, and the per-window
 * upserts make that replay harmless.
 */
@RunWith(JUnit4.class)
public class FlinkTaskManagerKillIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("scripts/flink-cluster.sh");
  private static final Path FLINK_HOME = Path.of("target/flink-cluster-kill-it").toAbsolutePath();
  private static final List<String> TOPICS = List.of("playback", "sessions", "games");
  private static final String GROUP = "tm-kill-group";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final Map<String, String> clusterEnv = new HashMap<>();
  private KafkaTestBroker broker;
  private Process ingest;
  private String restAddress;

  @After
  public void stopEverything() throws Exception {
    if (ingest != null && ingest.isAlive()) {
      ingest.destroyForcibly();
    }
    if (restAddress != null) {
      run(List.of("bash", SCRIPT.toString(), "stop"), 120);
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Killed TaskManager, new TaskManager: the job restores its checkpoint and ends with the expected graph. */
  @Test
  public void testStreamingJobSurvivesTaskManagerKill() throws Exception {
    Path work = tmp.getRoot().toPath();
    broker = KafkaTestBroker.startInJvm();
    clusterEnv.put("FLINK_HOME", FLINK_HOME.toString());
    clusterEnv.put("FLINK_REST_PORT", "" + freePort());
    clusterEnv.put("FLINK_RPC_PORT", "" + freePort());
    restAddress = run(List.of("bash", SCRIPT.toString(), "start"), 600).trim();

    Map<String, Long> firstEnds = new HashMap<>();
    Map<String, Long> allEnds = new HashMap<>();
    List<List<String>> secondHalves = new ArrayList<>();
    for (String topic : TOPICS) {
      List<String> lines =
          Files.readAllLines(NetflixSample.TEST_DATA.resolve("events/netflix/" + topic + ".jsonl")).stream()
              .filter(line -> !line.isBlank())
              .collect(Collectors.toList());
      int half = lines.size() / 2;
      broker.produce(topic, lines.subList(0, half));
      secondHalves.add(lines.subList(half, lines.size()));
      firstEnds.put(topic + "/0", (long) half);
      allEnds.put(topic + "/0", (long) lines.size());
    }

    Path log = work.resolve("ingest.log");
    ingest = startIngest(work, log);
    String jobId = waitFor("a running job", log, () -> runningJobId());

    // The group's offsets are committed when a checkpoint completes: once they are the ends of the first
    // half, a checkpoint holds everything read so far.
    waitFor("offsets of the first half committed by a checkpoint", log,
        () -> committed().equals(firstEnds) ? true : null);
    JsonNode checkpoints = json(get("/jobs/" + jobId + "/checkpoints"));
    assertThat(checkpoints.path("counts").path("completed").asInt(), greaterThanOrEqualTo(1));

    long taskManager = Long.parseLong(Files.readString(FLINK_HOME.resolve("taskmanager.pid")).trim());
    ProcessHandle victim = ProcessHandle.of(taskManager).orElseThrow();
    long killed = System.nanoTime();
    assertThat("SIGKILL sent", victim.destroyForcibly(), equalTo(true));
    victim.onExit().get(60, TimeUnit.SECONDS);

    for (int i = 0; i < TOPICS.size(); i++) {
      broker.produce(TOPICS.get(i), secondHalves.get(i));
    }
    run(List.of("bash", SCRIPT.toString(), "taskmanager", "start"), 120);
    JsonNode restored =
        waitFor("the job restored from a checkpoint", log, () -> restoredCheckpoint(jobId));
    System.out.printf(
        "FlinkTaskManagerKillIT: restored checkpoint %d, %.1f s after the TaskManager was killed%n",
        restored.path("id").asLong(), (System.nanoTime() - killed) / 1e9);

    // It read on from the restored offsets to the end of every topic, and checkpointed that.
    waitFor("offsets of everything committed by a checkpoint", log,
        () -> committed().equals(allEnds) ? true : null);
    post("/jobs/" + jobId + "/stop",
        "{\"drain\":true,\"targetDirectory\":\"" + work.resolve("savepoints").toUri() + "\"}");
    assertThat("rdg ingest ends after the drain (" + log + ")", ingest.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    assertThat("rdg ingest exit code: " + Files.readString(log), ingest.exitValue(), equalTo(0));
    assertThat(json(get("/jobs/" + jobId)).path("state").asText(), equalTo("FINISHED"));
    assertThat(NetflixSample.export(work, work.resolve("store")), equalTo(NetflixSample.expectedExport()));
  }

  /**
   * A streaming ingest of the three topics onto the cluster, checkpointing every second with the
   * filesystem state backend. The sample's events are from 2026-03-01 while the records are stamped when
   * produced, so the allowed lateness (and dedup horizon) must cover the data's age.
   */
  private Process startIngest(Path work, Path log) throws IOException {
    List<String> command =
        List.of(
            REPO.resolve("rdg").toString(),
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--kafkaBootstrap=" + broker.bootstrap(),
            "--topics=" + String.join(",", TOPICS),
            "--kafkaGroup=" + GROUP,
            "--allowedLateness=3650d",
            "--dedupHorizon=3650d",
            "--sink=embedded:" + work.resolve("store"),
            "--deadLetter=" + work.resolve("deadletters"),
            "--summary=" + work.resolve("summary.json"),
            "--progressSeconds=0",
            "--runner=FlinkRunner",
            "--flinkMaster=" + restAddress,
            "--streaming",
            "--checkpointingInterval=1000",
            "--stateBackend=filesystem",
            "--stateBackendStoragePath=" + work.resolve("checkpoints").toUri(),
            "--numberOfExecutionRetries=3",
            "--executionRetryDelay=2000");
    return new ProcessBuilder(command)
        .directory(REPO.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private String runningJobId() throws IOException, InterruptedException {
    for (JsonNode job : json(get("/jobs/overview")).path("jobs")) {
      if (job.path("state").asText().equals("RUNNING")) {
        return job.path("jid").asText();
      }
    }
    return null;
  }

  private JsonNode restoredCheckpoint(String jobId) throws IOException, InterruptedException {
    JsonNode restored = json(get("/jobs/" + jobId + "/checkpoints")).path("latest").path("restored");
    return restored.isObject() ? restored : null;
  }

  private Map<String, Long> committed() throws Exception {
    return broker.committed(GROUP);
  }

  /** Polls {@code probe} until it answers non-null (3 minutes at most), failing early if the ingest died. */
  private <T> T waitFor(String what, Path log, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      T answer = probe.get();
      if (answer != null) {
        return answer;
      }
      if (!ingest.isAlive()) {
        throw new AssertionError("rdg ingest ended while waiting for " + what + ": " + Files.readString(log));
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + what + " within 3 minutes: " + Files.readString(log));
  }

  /** Something to poll; may throw, answers null while not there yet. */
  private interface Probe<T> {
    T get() throws Exception;
  }

  private String get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create("http://" + restAddress + path)).build());
  }

  private String post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create("http://" + restAddress + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(request.uri() + " answers: " + response.body(), response.statusCode() / 100, equalTo(2));
    return response.body();
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** Runs a command with the cluster's environment; returns its stdout, failing on a non-zero exit. */
  private String run(List<String> command, int timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
    builder.environment().putAll(clusterEnv);
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
