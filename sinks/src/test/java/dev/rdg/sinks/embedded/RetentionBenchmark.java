package dev.rdg.sinks.embedded;

import dev.rdg.mapping.Retention;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.BenchmarkArgs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Speed and effect of {@link ExpirySweep} ({@code rdg compact}): writes a fresh embedded store of about
 * {@code --elements} elements, half {@code device} nodes and half {@code streamed_from} edges (plus the
 * profiles the edges start from, which never expire), each with two window shares and last seen uniformly
 * in the 200 days before the newest time; the ttls of devices and streamed_from are set so that a fraction
 * {@code --expired} of them expires. Prints the sweep's time, elements scanned per second, deleted counts
 * and the folder's size before (compacted, so both sizes are of live data) and after.
 *
 * <pre>
 *   scripts/bench-retention.sh [--elements=200000] [--expired=0.5] [--dir=/tmp/rdg-bench-retention]
 * </pre>
 */
public final class RetentionBenchmark {
  private static final Instant NEWEST = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration SPAN = Duration.standardDays(200);
  private static final int BATCH = 20_000;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchmarkArgs.parse(args);
    int elements = Integer.parseInt(options.getOrDefault("elements", "200000"));
    double expired = Double.parseDouble(options.getOrDefault("expired", "0.5"));
    Path dir = Path.of(options.getOrDefault("dir", "/tmp/rdg-bench-retention"));
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists: give a fresh --dir (the benchmark deletes from it)");
    }
    Duration ttl = Duration.millis((long) (SPAN.getMillis() * (1 - expired)));
    Retention retention = Retention.of(Map.of("device", ttl), Map.of("streamed_from", ttl));
    System.out.printf(
        "machine: %d cores, load average %.2f; %,d elements, ttl %s (expected expired fraction of devices and "
            + "streamed_from: %.2f)%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), elements, ttl, expired);
    long began = System.nanoTime();
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(dir)) {
      write(store, elements / 2);
    }
    System.out.printf("written in %.1f s%n", (System.nanoTime() - began) / 1e9);
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(dir)) {
      store.exclusively(db -> {
        db.compactRange();
        return null;
      });
      long before = ExpirySweep.diskSize(dir);
      long started = System.nanoTime();
      ExpirySweep.Result result = ExpirySweep.run(store, retention, null);
      double seconds = (System.nanoTime() - started) / 1e9;
      long after = ExpirySweep.diskSize(dir);
      long scanned = result.nodesScanned + result.edgesScanned;
      long deleted = result.nodesDeleted + result.edgesDeleted;
      System.out.printf("sweep: %s%n", result);
      System.out.printf(
          "sweep: %,d elements scanned, %,d deleted in %.2f s: %,.0f elements/s scanned, %,.0f deleted/s%n",
          scanned, deleted, seconds, scanned / seconds, deleted / seconds);
      System.out.printf(
          "disk: %.1f MB before, %.1f MB after (%.0f%% of before)%n",
          before / 1e6, after / 1e6, 100.0 * after / before);
    }
  }

  /** {@code pairs} devices and as many streamed_from edges, from pairs/10 profiles; two windows each. */
  private static void write(EmbeddedGraphStore store, int pairs) {
    Random random = new Random(42);
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    int profiles = Math.max(1, pairs / 10);
    for (int i = 0; i < pairs; i++) {
      // The first element is at the newest time, so the reference is known exactly.
      Instant last = i == 0 ? NEWEST : NEWEST.minus((long) (random.nextDouble() * SPAN.getMillis()));
      NodeRef device = NodeRef.of("device", "d" + i);
      NodeRef profile = NodeRef.of("profile", "p" + (i % profiles));
      for (Instant seen : List.of(last.minus(Duration.standardDays(1)), last)) {
        IntervalWindow window = new IntervalWindow(seen.minus(Duration.standardMinutes(1)), seen);
        Observations observed =
            Observations.once(Properties.of(Map.of("model", "TV-" + (i % 80), "kind", "tv"), seen), seen);
        nodes.add(Node.of(device, observed, window));
        if (i < profiles) {
          nodes.add(Node.of(profile, Observations.once(Properties.empty(), NEWEST), window));
        }
        edges.add(Edge.of(EdgeRef.of("streamed_from", profile, device), observed, window));
      }
      if (nodes.size() >= BATCH) {
        store.upsertNodes(nodes);
        store.upsertEdges(edges);
        nodes.clear();
        edges.clear();
      }
    }
    store.upsertNodes(nodes);
    store.upsertEdges(edges);
  }
}
