package dev.rdg.sinks.query;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.BenchmarkArgs;
import dev.rdg.sinks.embedded.EmbeddedGraphStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Latency of 1-hop and 2-hop traversals with the default limits (300 edges per hop, 100-day lookback) on a
 * generated Netflix-shaped graph of at least {@code --edges} edges in an embedded store, written straight
 * with {@code upsertNodes}/{@code upsertEdges}. Prints p50/p99/max per query kind and selection.
 *
 * <p>The graph: accounts with 1–5 profiles and 1–4 devices ({@code has_profile}, {@code logged_in_from}),
 * each profile streaming from 1–2 of its account's devices ({@code streamed_from}) and watching 1–6 of
 * 20,000 titles chosen with a Zipf(0.8) popularity ({@code started_watching}; the top title has tens of
 * thousands of viewers); every edge last seen at a random time in the 200 days before the newest, so the
 * lookback keeps about half. Queries start at random accounts, profiles and devices.
 *
 * <pre>
 *   scripts/bench-query.sh [--edges=1000000] [--queries=2000] [--dir=/tmp/rdg-bench-query]
 * </pre>
 */
public final class QueryBenchmark {
  private static final Instant NEWEST = Instant.parse("2026-03-01T00:00:00Z");
  private static final int TITLES = 20_000;
  private static final int BATCH = 20_000;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchmarkArgs.parse(args);
    long targetEdges = Long.parseLong(options.getOrDefault("edges", "1000000"));
    int queries = Integer.parseInt(options.getOrDefault("queries", "2000"));
    Path dir = Path.of(options.getOrDefault("dir", "/tmp/rdg-bench-query"));
    boolean fresh = !Files.exists(dir);
    long opening = System.nanoTime();
    try (EmbeddedGraphStore store = EmbeddedGraphStore.open(dir)) {
      // Opening a store written by an older build includes its one-time format upgrade.
      System.out.printf("opened %s in %.1f s%n", dir, (System.nanoTime() - opening) / 1e9);
      List<NodeRef> starts = new ArrayList<>();
      long began = System.nanoTime();
      long edges = generate(store, targetEdges, starts, fresh);
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          "graph: %,d edges, %,d start nodes (accounts, profiles, devices) in %s (%s, %.1f s)%n",
          edges, starts.size(), dir, fresh ? "generated" : "reused", seconds);
      GraphQuery query = new GraphQuery(store);
      began = System.nanoTime();
      Instant newest = query.newestTime();
      System.out.printf("newest time %s (%.3f s)%n", newest, (System.nanoTime() - began) / 1e9);
      Random random = new Random(7);
      for (Selection selection : Selection.values()) {
        for (int hops = 1; hops <= 2; hops++) {
          measure(query, starts, random, hops, selection, queries / 4);
          System.out.println(report(hops, selection, measure(query, starts, random, hops, selection, queries)));
        }
      }
    }
  }

  /**
   * Runs {@code n} traversals from random start nodes; returns their wall-clock latencies and, because the
   * machine may be shared, the CPU time of the querying thread, each sorted.
   */
  private static long[][] measure(
      GraphQuery query, List<NodeRef> starts, Random random, int hops, Selection selection, int n) {
    long[] wall = new long[n];
    long[] cpu = new long[n];
    long edges = 0;
    for (int i = 0; i < n; i++) {
      NodeRef start = starts.get(random.nextInt(starts.size()));
      long c = THREADS.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      Subgraph answer =
          query.traverse(start, EdgeFilter.defaults(), hops, GraphQuery.DEFAULT_EDGES_PER_HOP, selection);
      wall[i] = System.nanoTime() - t;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
      edges += answer.edges().size();
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    lastMeanEdges = (double) edges / n;
    return new long[][] {wall, cpu};
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static double lastMeanEdges;

  private static String report(int hops, Selection selection, long[][] measured) {
    long[] wall = measured[0];
    long[] cpu = measured[1];
    return String.format(
        "%d-hop %-6s n=%d  wall p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms | cpu p50 %6.2f ms  p99 %6.2f ms"
            + "  (mean %.0f edges returned)",
        hops, selection, wall.length, ms(wall, 0.50), ms(wall, 0.99), wall[wall.length - 1] / 1e6,
        ms(cpu, 0.50), ms(cpu, 0.99), lastMeanEdges);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  /** Generates accounts until the graph has {@code target} edges; writes them only when {@code write}. */
  private static long generate(EmbeddedGraphStore store, long target, List<NodeRef> starts, boolean write) {
    Random random = new Random(42);
    double[] zipf = zipfCumulative(TITLES, 0.8);
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    long edgeCount = 0;
    for (int a = 0; edgeCount < target; a++) {
      NodeRef account = NodeRef.of("account", "acc-" + a);
      starts.add(account);
      nodes.add(node(account, random, Map.of("plan", "premium")));
      int devices = 1 + random.nextInt(4);
      List<NodeRef> deviceRefs = new ArrayList<>();
      for (int d = 0; d < devices; d++) {
        NodeRef device = NodeRef.of("device", "dev-" + a + "-" + d);
        deviceRefs.add(device);
        starts.add(device);
        nodes.add(node(device, random, Map.of("kind", d == 0 ? "tv" : "phone")));
        edges.add(edge("logged_in_from", account, device, random));
      }
      int profiles = 1 + random.nextInt(5);
      for (int p = 0; p < profiles; p++) {
        NodeRef profile = NodeRef.of("profile", "acc-" + a + "/" + p);
        starts.add(profile);
        nodes.add(node(profile, random, Map.of("name", "viewer " + p)));
        edges.add(edge("has_profile", account, profile, random));
        int streams = Math.min(devices, 1 + random.nextInt(2));
        for (int s = 0; s < streams; s++) {
          edges.add(edge("streamed_from", profile, deviceRefs.get((p + s) % devices), random));
        }
        int watched = 1 + random.nextInt(6);
        for (int w = 0; w < watched; w++) {
          int title = Arrays.binarySearch(zipf, random.nextDouble());
          title = title < 0 ? -title - 1 : title;
          edges.add(edge("started_watching", profile, NodeRef.of("title", "tt-" + title), random));
        }
      }
      if (edges.size() >= BATCH) {
        edgeCount += flush(store, nodes, edges, write);
      }
    }
    edgeCount += flush(store, nodes, edges, write);
    // Titles get their own generator, so that a rerun on a reused store writes the very same nodes.
    Random titleTimes = new Random(1);
    for (int t = 0; t < TITLES; t++) {
      nodes.add(node(NodeRef.of("title", "tt-" + t), titleTimes, Map.of("name", "title " + t)));
    }
    store.upsertNodes(nodes);
    return edgeCount;
  }

  private static long flush(EmbeddedGraphStore store, List<Node> nodes, List<Edge> edges, boolean write) {
    if (write) {
      store.upsertNodes(nodes);
      store.upsertEdges(edges);
    }
    long n = edges.size();
    nodes.clear();
    edges.clear();
    return n;
  }

  private static double[] zipfCumulative(int n, double exponent) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  private static Observations seen(Random random, Map<String, Object> properties) {
    Instant last = NEWEST.minus(Duration.standardMinutes(random.nextInt(200 * 24 * 60)));
    return Observations.of(Properties.of(properties, last), last.minus(Duration.standardDays(1)), last, 1);
  }

  private static Node node(NodeRef ref, Random random, Map<String, Object> properties) {
    return Node.of(ref, seen(random, properties), null);
  }

  private static Edge edge(String type, NodeRef src, NodeRef dst, Random random) {
    return Edge.of(EdgeRef.of(type, src, dst), seen(random, Map.of()), null);
  }
}
