package dev.rdg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.io.MoreFiles;

/**
 * The benchmark harness: on one generated input, times (a) the runner's floor ({@link FloorPipeline}),
 * (b) rdg end to end into the embedded store on the same runner, and (c) rdg on the DirectRunner at a
 * small size; each in its own JVM with the same fixed 1 GB heap, touched at start ({@code -Xms1g -Xmx1g
 * -XX:+AlwaysPreTouch}), so peak memory is each run's own and what grows with the input shows in it,
 * not how far the collector has spread into a heap it may use anyway. Prints a table for people and, as
 * the last line, one JSON object for scripts:
 * {@code {"events":…,"floorEventsPerSec":…,"rdgEventsPerSec":…,"ratio":…,"writeReduction":…,"peakRssMb":…}}.
 *
 * <p>One run of a JVM job varies by about ±15% here (JIT timing, which phases overlap), so (a) and (b)
 * can be repeated, alternately, and each reported by its median run: the ratio is then of medians, and
 * the spread is printed too. Every rdg run writes into a fresh store.
 *
 * <pre>{@code
 * new Benchmark(Path.of("test-data/mappings/netflix-heartbeats.yaml"), workDir)
 *     .run(1_000_000, 2_000, 3, System.out);
 * }</pre>
 */
public final class Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  private final Path mapping;
  private final Path work;

  public Benchmark(Path mapping, Path work) {
    this.mapping = mapping.toAbsolutePath();
    this.work = work.toAbsolutePath();
  }

  /** Runs the three measurements, (a) and (b) {@code repeats} times each, and prints them. */
  public Map<String, Object> run(long events, long directEvents, int repeats, PrintStream out)
      throws IOException, InterruptedException {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be >= 1, but was " + repeats);
    }
    EventGenerator generator = new EventGenerator(42, 0.01, 0.001, 0.02);
    out.println("generating " + events + " events: " + generator.write(events, work.resolve("in")));
    String input = work.resolve("in") + "/*.jsonl";

    List<JsonNode> floors = new ArrayList<>();
    List<JsonNode> rdgs = new ArrayList<>();
    // Alternately, so that a slower spell of the machine hits both alike.
    for (int i = 0; i < repeats; i++) {
      // The floor runs with the options rdg ingest defaults to on Flink, so only the pipelines differ.
      floors.add(
          lastJsonLine(
              java("dev.rdg.bench.FloorPipeline", "--runner=FlinkRunner", "--fasterCopy=true", "--input=" + input)));
      rdgs.add(ingest("FlinkRunner", input, "rdg"));
    }
    JsonNode floor = median(floors);
    JsonNode rdg = median(rdgs);
    generator.write(directEvents, work.resolve("small"));
    JsonNode direct = ingest("DirectRunner", work.resolve("small") + "/*.jsonl", "direct");

    double floorRate = events / floor.get("seconds").asDouble();
    double rdgRate = rdg.get("read").asLong() / rdg.get("seconds").asDouble();
    double directRate = direct.get("read").asLong() / direct.get("seconds").asDouble();
    long upserts = rdg.get("nodeUpserts").asLong() + rdg.get("edgeUpserts").asLong();
    out.printf("%-34s %12s %10s %12s %8s%n", "run", "events/s", "seconds", "peak RSS MB", "GC");
    out.printf("%-34s %,12.0f %10.1f %12d %8s%n", "(a) floor, FlinkRunner", floorRate,
        floor.get("seconds").asDouble(), floor.get("peakRssMb").asLong(), "");
    row(out, "(b) rdg, FlinkRunner", rdgRate, rdg);
    row(out, "(c) rdg, DirectRunner (" + directEvents + " events)", directRate, direct);
    out.printf("ratio (b)/(a) %.2f; sink writes %,d (%,d nodes, %,d edges); write reduction %.1fx%n",
        rdgRate / floorRate, upserts, rdg.get("nodeUpserts").asLong(), rdg.get("edgeUpserts").asLong(),
        rdg.get("read").asLong() / (double) upserts);
    if (repeats > 1) {
      out.printf("medians of %d runs each; seconds (a) %s, (b) %s%n", repeats, seconds(floors), seconds(rdgs));
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", events);
    result.put("repeats", repeats);
    result.put("floorEventsPerSec", Math.round(floorRate));
    result.put("rdgEventsPerSec", Math.round(rdgRate));
    result.put("directEventsPerSec", Math.round(directRate));
    result.put("ratio", Math.round(rdgRate / floorRate * 100) / 100.0);
    result.put("writeReduction", Math.round(rdg.get("read").asLong() / (double) upserts * 10) / 10.0);
    result.put("peakRssMb", rdg.get("peakRssMb").asLong());
    result.put("gcShare", rdg.get("gcShare").asDouble());
    out.println(JSON.writeValueAsString(result));
    return result;
  }

  private static void row(PrintStream out, String name, double rate, JsonNode summary) {
    out.printf("%-34s %,12.0f %10.1f %12d %7.1f%%%n", name, rate, summary.get("seconds").asDouble(),
        summary.get("peakRssMb").asLong(), summary.get("gcShare").asDouble() * 100);
  }

  /** The run of the median time (the lower middle one of an even number). */
  private static JsonNode median(List<JsonNode> runs) {
    List<JsonNode> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(run -> run.get("seconds").asDouble()));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static String seconds(List<JsonNode> runs) {
    return runs.stream()
        .map(run -> String.format("%.1f", run.get("seconds").asDouble()))
        .collect(Collectors.joining(", "));
  }

  /** Ingests into a fresh store {@code name-store}: one left by an earlier run is deleted first. */
  private JsonNode ingest(String runner, String input, String name)
      throws IOException, InterruptedException {
    deleteIfPresent(work.resolve(name + "-store"));
    Path summary = work.resolve(name + "-summary.json");
    java("dev.rdg.cli.Rdg", "ingest", "--mapping=" + mapping, "--input=" + input,
        "--sink=embedded:" + work.resolve(name + "-store"),
        "--deadLetter=" + work.resolve(name + "-deadletters.jsonl"), "--summary=" + summary,
        "--progressSeconds=0", "--runner=" + runner);
    return JSON.readTree(summary.toFile());
  }

  private static void deleteIfPresent(Path folder) throws IOException {
    if (Files.exists(folder)) {
      MoreFiles.deleteRecursively(folder);
    }
  }

  /** Runs a main class in a child JVM with this JVM's classpath; returns its stdout. */
  private String java(String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(HEAP);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(work.resolve("bench.log").toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(mainClass + " failed (exit " + process.exitValue() + "); see " + work.resolve("bench.log"));
    }
    return stdout;
  }

  private static JsonNode lastJsonLine(String stdout) throws IOException {
    String[] lines = stdout.trim().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }
}
