package dev.rdg.transforms;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The names of rdg's Beam counters, all in namespace {@value #NAMESPACE}: every event read ends up
 * {@code mapped}, {@code filtered} or {@code deadLettered}, so {@code read = mapped + filtered +
 * deadLettered}; {@code duplicates} counts the redeliveries of events already counted in their window,
 * {@code late} the mapped events that arrived beyond the allowed lateness (also written to the dead
 * letters, reason {@code too late}). Filtered events and dead letters are also counted per source and reason, in
 * namespaces {@value #FILTERED_BY} and {@value #DEAD_LETTERED_BY} (counter names {@code source: reason}).
 * {@code sinkDeadLetters} counts the upserts a sink refused (dead letters too, counted per failure kind
 * as {@code sink: kind}); they are records, not events, so they are not in {@code deadLettered}.
 */
public final class GraphCounters {
  public static final String NAMESPACE = "rdg";
  public static final String READ = "read";
  public static final String MAPPED = "mapped";
  public static final String FILTERED = "filtered";
  public static final String DEAD_LETTERED = "deadLettered";
  public static final String SKIPPED_PATTERNS = "skippedPatterns";
  public static final String LOOKUP_MISSES = "lookupMisses";
  public static final String DUPLICATES = "duplicates";
  public static final String LATE = "late";
  public static final String NODE_UPSERTS = "nodeUpserts";
  public static final String EDGE_UPSERTS = "edgeUpserts";
  public static final String SINK_DEAD_LETTERS = "sinkDeadLetters";
  public static final String FILTERED_BY = "rdg.filtered";
  public static final String DEAD_LETTERED_BY = "rdg.deadLettered";

  /** Every counter, in the order a summary lists them. */
  public static final String[] ALL = {
    READ, MAPPED, FILTERED, DEAD_LETTERED, SKIPPED_PATTERNS, LOOKUP_MISSES, DUPLICATES, LATE, NODE_UPSERTS,
    EDGE_UPSERTS, SINK_DEAD_LETTERS
  };

  private GraphCounters() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
