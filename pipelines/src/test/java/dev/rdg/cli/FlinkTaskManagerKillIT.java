package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rdg.kafka.KafkaTestBroker;
import java.io.IOException;
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
 * checkpoints (its Kafka offsets and its window state), the TaskManager process is killed with -9,
 * a new one is started, Flink restores the job from its last checkpoint and it reads on from the
 * checkpointed offsets. Half of the Netflix sample is produced before the kill and half after; the job is
 * then drained (stop with savepoint) and the export equals the expected graph, byte for byte: what the
 * job wrote between its checkpoint and the kill is written again after the restore, and the per-window
 * upserts make that replay harmless.
 */
@RunWith(JUnit4.class)
public class FlinkTaskManagerKillIT {
  private static final List<String> TOPICS = List.of("playback", "sessions", "games");
  private static final String GROUP = "tm-kill-group";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private KafkaTestBroker broker;
  private FlinkSessionCluster cluster;
  private Process ingest;

  @After
  public void stopEverything() throws Exception {
    if (ingest != null && ingest.isAlive()) {
      ingest.destroyForcibly();
    }
    if (cluster != null) {
      cluster.stop();
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
    // Heartbeats every second: the JobManager gives up on the dead TaskManager after two failed ones.
    cluster = FlinkSessionCluster.start(Map.of("FLINK_HEARTBEAT_INTERVAL", "1000"));

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
    String jobId = waitFor("a running job", log, this::runningJobId);

    // The group's offsets are committed when a checkpoint completes: once they are the ends of the first
    // half, a checkpoint holds everything read so far.
    waitFor("offsets of the first half committed by a checkpoint", log,
        () -> broker.committed(GROUP).equals(firstEnds) ? true : null);
    JsonNode checkpoints = cluster.getJson("/jobs/" + jobId + "/checkpoints");
    assertThat(checkpoints.path("counts").path("completed").asInt(), greaterThanOrEqualTo(1));

    ProcessHandle taskManager = ProcessHandle.of(cluster.taskManagerPid()).orElseThrow();
    long killed = System.nanoTime();
    assertThat("SIGKILL sent", taskManager.destroyForcibly(), equalTo(true));
    taskManager.onExit().get(60, TimeUnit.SECONDS);

    for (int i = 0; i < TOPICS.size(); i++) {
      broker.produce(TOPICS.get(i), secondHalves.get(i));
    }
    cluster.startTaskManager();
    JsonNode restored = waitFor("the job restored from a checkpoint", log, () -> restoredCheckpoint(jobId));
    System.out.printf(
        "FlinkTaskManagerKillIT: restored checkpoint %d, %.1f s after the TaskManager was killed%n",
        restored.path("id").asLong(), (System.nanoTime() - killed) / 1e9);

    // It read on from the restored offsets to the end of every topic, and checkpointed that.
    waitFor("offsets of everything committed by a checkpoint", log,
        () -> broker.committed(GROUP).equals(allEnds) ? true : null);
    cluster.post(
        "/jobs/" + jobId + "/stop",
        "{\"drain\":true,\"targetDirectory\":\"" + work.resolve("savepoints").toUri() + "\"}");
    assertThat("rdg ingest ends after the drain (" + log + ")", ingest.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    assertThat("rdg ingest exit code: " + Files.readString(log), ingest.exitValue(), equalTo(0));
    assertThat(cluster.getJson("/jobs/" + jobId).path("state").asText(), equalTo("FINISHED"));
    assertThat(NetflixSample.export(work, work.resolve("store")), equalTo(NetflixSample.expectedExport()));
    System.out.printf(
        "FlinkTaskManagerKillIT: the summary counts read=%d after the restore%n",
        NetflixSample.summary(work).get("read").asLong());
  }

  /**
   * A streaming ingest of the three topics onto the cluster, checkpointing every second with the
   * filesystem state backend. The sample's events are from 2026-03-01 while the records are stamped when
   * produced, so the allowed lateness must cover the data's age.
   */
  private Process startIngest(Path work, Path log) throws IOException {
    List<String> command =
        List.of(
            FlinkSessionCluster.REPO.resolve("rdg").toString(),
            "ingest",
            "--mapping=" + NetflixSample.MAPPING,
            "--kafkaBootstrap=" + broker.bootstrap(),
            "--topics=" + String.join(",", TOPICS),
            "--kafkaGroup=" + GROUP,
            "--allowedLateness=3650d",
            "--sink=embedded:" + work.resolve("store"),
            "--deadLetter=" + work.resolve("deadletters"),
            "--summary=" + work.resolve("summary.json"),
            "--progressSeconds=0",
            "--runner=FlinkRunner",
            "--flinkMaster=" + cluster.restAddress(),
            "--streaming",
            "--checkpointingInterval=1000",
            "--stateBackend=filesystem",
            "--stateBackendStoragePath=" + work.resolve("checkpoints").toUri(),
            "--numberOfExecutionRetries=3",
            "--executionRetryDelay=2000");
    return new ProcessBuilder(command)
        .directory(FlinkSessionCluster.REPO.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private String runningJobId() throws IOException, InterruptedException {
    for (JsonNode job : cluster.getJson("/jobs/overview").path("jobs")) {
      if (job.path("state").asText().equals("RUNNING")) {
        return job.path("jid").asText();
      }
    }
    return null;
  }

  private JsonNode restoredCheckpoint(String jobId) throws IOException, InterruptedException {
    JsonNode restored = cluster.getJson("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isObject() ? restored : null;
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

  /** Something to poll; answers null while it is not there yet. */
  private interface Probe<T> {
    T get() throws Exception;
  }
}
