package dev.rdg.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rdg.bench.ProcessStats;
import dev.rdg.transforms.GraphCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.MetricNameFilter;

/**
 * The counters of a run ({@link GraphCounters}), for people as a table and for scripts as one JSON object:
 * {@code {"read":80,"mapped":66,"filtered":0,"deadLettered":14,…,"runner":"FlinkRunner","seconds":7.2,
 * "peakRssMb":612,"gcShare":0.02}}, then the filtered events and dead letters per source and reason:
 * {@code "filteredBy":{"ratings: filter not (kind equals \"test\")":1},"deadLetteredBy":{"playback: malformed JSON":2}}.
 */
public final class IngestSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> counters;
  private final Map<String, Map<String, Long>> reasons;
  private final String runner;
  private final double seconds;

  IngestSummary(
      Map<String, Long> counters, Map<String, Map<String, Long>> reasons, String runner, double seconds) {
    this.counters = counters;
    this.reasons = reasons;
    this.runner = runner;
    this.seconds = seconds;
  }

  /** Reads rdg's counters from a pipeline result (attempted values: every runner reports those). */
  static Map<String, Long> countersOf(PipelineResult result) {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (String name : GraphCounters.ALL) {
      counters.put(name, 0L);
    }
    for (MetricResult<Long> counter : countersIn(result, GraphCounters.NAMESPACE)) {
      Long value = counter.getAttempted();
      counters.computeIfPresent(counter.getName().getName(), (name, sum) -> sum + (value == null ? 0 : value));
    }
    return counters;
  }

  /** Filtered events ({@code filteredBy}) and dead letters ({@code deadLetteredBy}) per "source: reason", sorted. */
  static Map<String, Map<String, Long>> reasonsOf(PipelineResult result) {
    Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
    reasons.put("filteredBy", new TreeMap<>());
    reasons.put("deadLetteredBy", new TreeMap<>());
    for (MetricResult<Long> counter : countersIn(result, GraphCounters.FILTERED_BY, GraphCounters.DEAD_LETTERED_BY)) {
      Long value = counter.getAttempted();
      String group =
          counter.getName().getNamespace().equals(GraphCounters.FILTERED_BY) ? "filteredBy" : "deadLetteredBy";
      reasons.get(group).merge(counter.getName().getName(), value == null ? 0 : value, Long::sum);
    }
    return reasons;
  }

  private static Iterable<MetricResult<Long>> countersIn(PipelineResult result, String... namespaces) {
    MetricsFilter.Builder filter = MetricsFilter.builder();
    for (String namespace : namespaces) {
      filter.addNameFilter(MetricNameFilter.inNamespace(namespace));
    }
    return result.metrics().queryMetrics(filter.build()).getCounters();
  }

  /** One JSON object: every counter, then the runner and the wall-clock seconds. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>(counters);
    json.putAll(reasons);
    json.put("runner", runner);
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    json.put("peakRssMb", ProcessStats.peakRssMb());
    json.put("gcShare", Math.round(ProcessStats.gcShare() * 1000) / 1000.0);
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A table for people, one counter a line. */
  public String toTable() {
    StringBuilder table = new StringBuilder();
    table.append(String.format("ingest finished on %s in %.1f s%n", runner, seconds));
    counters.forEach((name, value) -> table.append(String.format("  %-16s %,12d%n", name, value)));
    reasons.forEach(
        (group, byReason) ->
            byReason.forEach(
                (reason, value) -> table.append(String.format("  %-16s %,12d  %s%n", group, value, reason))));
    return table.toString();
  }
}
