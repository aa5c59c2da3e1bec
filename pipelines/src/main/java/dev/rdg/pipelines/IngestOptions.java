package dev.rdg.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of {@code rdg ingest}. Any other Beam or runner option passes through ({@code --runner},
 * {@code --parallelism}, …); {@link IngestConfig#from} turns these into a validated config.
 */
public interface IngestOptions extends PipelineOptions {
  @Description("The mapping file (YAML) that describes every source")
  @Validation.Required
  String getMapping();

  void setMapping(String value);

  @Description("Input files: comma-separated globs of JSON Lines files, e.g. 'events/*.jsonl'")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description("Where the graph is written: a sink URI such as embedded:./rdg-data")
  @Default.String("embedded:./rdg-data")
  String getSink();

  void setSink(String value);

  @Description("Event-time window within which updates of one node or edge coalesce, e.g. 1m, 30s")
  @Default.String("1m")
  String getWindow();

  void setWindow(String value);

  @Description("How late an event may be after its window's end and still update it, e.g. 0s, 5m")
  @Default.String("0s")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description(
      "Processing time after a window's first event at which an early pane shows it, e.g. 10s (default: no early panes)")
  String getEarlyFiring();

  void setEarlyFiring(String value);

  @Description("How long, in event time, a redelivered event is recognised as a duplicate")
  @Default.String("10m")
  String getDedupHorizon();

  void setDedupHorizon(String value);

  @Description("File that receives every event that could not be mapped, one JSON object a line")
  @Default.String("rdg-deadletters.jsonl")
  String getDeadLetter();

  void setDeadLetter(String value);

  @Description("File that receives the run's counters as one JSON object (optional)")
  String getSummary();

  void setSummary(String value);

  @Description("Seconds between progress lines while the job runs (0: none)")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
