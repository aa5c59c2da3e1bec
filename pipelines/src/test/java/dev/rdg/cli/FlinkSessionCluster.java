package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A Flink session cluster for integration tests, run by {@code scripts/flink-cluster.sh} on free ports
 * (one JobManager and one TaskManager process), with helpers for its REST API.
 *
 * <pre>{@code
 * FlinkSessionCluster cluster = FlinkSessionCluster.start(Map.of());
 * ... "--flinkMaster=" + cluster.restAddress() ...
 * cluster.stop();
 * }</pre>
 */
final class FlinkSessionCluster {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("scripts/flink-cluster.sh");
  /** One folder for every test's cluster (one at a time): the Flink jars are copied there once. */
  private static final Path HOME = Path.of("target/flink-cluster-it").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final String restAddress;

  private FlinkSessionCluster(Map<String, String> env, String restAddress) {
    this.env = env;
    this.restAddress = restAddress;
  }

  /** Starts a cluster; {@code extraEnv} adds settings of the script (e.g. {@code FLINK_HEARTBEAT_INTERVAL}). */
  static FlinkSessionCluster start(Map<String, String> extraEnv) throws Exception {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("FLINK_HOME", HOME.toString());
    env.put("FLINK_REST_PORT", "" + freePort());
    env.put("FLINK_RPC_PORT", "" + freePort());
    return new FlinkSessionCluster(env, script(env, 600, "start").trim());
  }

  /** Stops both processes (or whatever of them still runs). */
  void stop() throws Exception {
    script(env, 120, "stop");
  }

  /** Starts another TaskManager and waits until it has registered. */
  void startTaskManager() throws Exception {
    script(env, 120, "taskmanager", "start");
  }

  /** The process id of the TaskManager the script started last. */
  long taskManagerPid() throws IOException {
    return Long.parseLong(Files.readString(HOME.resolve("taskmanager.pid")).trim());
  }

  /** HOST:PORT of the REST API, what {@code --flinkMaster} takes. */
  String restAddress() {
    return restAddress;
  }

  /** GET of a REST path, e.g. {@code /jobs/overview}; fails unless it answers 2xx. */
  String get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).build());
  }

  /** GET of a REST path, parsed. */
  JsonNode getJson(String path) throws IOException, InterruptedException {
    return JSON.readTree(get(path));
  }

  /** POST of a JSON body to a REST path; fails unless it answers 2xx. */
  String post(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private URI uri(String path) {
    return URI.create("http://" + restAddress + path);
  }

  private static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(request.uri() + " answers: " + response.body(), response.statusCode() / 100, equalTo(2));
    return response.body();
  }

  /** Runs {@code command} in the repository with the cluster's environment; its stdout, failing on exit != 0. */
  static String run(Map<String, String> env, int timeoutSeconds, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
    builder.environment().putAll(env);
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

  /** Runs {@code command} with this cluster's environment. */
  String run(int timeoutSeconds, List<String> command) throws Exception {
    return run(env, timeoutSeconds, command);
  }

  private static String script(Map<String, String> env, int timeoutSeconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return run(env, timeoutSeconds, command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
