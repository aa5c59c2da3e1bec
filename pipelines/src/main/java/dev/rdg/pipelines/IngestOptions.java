package dev.rdg.pipelines;

import java.util.List;
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

  @Description(
      "Input files: comma-separated globs of event files (JSON Lines, CSV or Avro, as the mapping's sources"
          + " say), e.g. 'events/*.jsonl' (or --topics)")
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

  @Description("File that receives every event that could not be mapped, one JSON object a line")
  @Default.String("rdg-deadletters.jsonl")
  String getDeadLetter();

  void setDeadLetter(String value);

  @Description("File that receives the run's counters as one JSON object (optional)")
  String getSummary();

  void setSummary(String value);

  @Description("Kafka brokers to read from, HOST:PORT[,HOST:PORT…] (with --topics, instead of --input)")
  String getKafkaBootstrap();

  void setKafkaBootstrap(String value);

  @Description("Kafka topics to read, comma-separated; each is the mapping's source of the same name, "
      + "or TOPIC:SOURCE")
  String getTopics();

  void setTopics(String value);

  @Description("Kafka consumer group; a run continues after the offsets the group committed")
  @Default.String("rdg-ingest")
  String getKafkaGroup();

  void setKafkaGroup(String value);

  @Description("Where partitions without a committed offset start: earliest, latest, or an ISO-8601 time "
      + "(then every partition starts there)")
  @Default.String("earliest")
  String getStartFrom();

  void setStartFrom(String value);

  @Description("A Kafka client property NAME=VALUE, repeatable, e.g. security.protocol=SASL_SSL "
      + "(values are never logged or displayed)")
  List<String> getKafkaProperty();

  void setKafkaProperty(List<String> value);

  @Description("Bounded Kafka run: stop after this many records, then commit the offsets")
  Long getMaxRecords();

  void setMaxRecords(Long value);

  @Description("Bounded Kafka run: read every partition up to its end offset when the job starts, then "
      + "commit the offsets")
  @Default.Boolean(false)
  boolean getStopAtEnd();

  void setStopAtEnd(boolean value);

  @Description("Bounded Kafka run: stop after reading this long (e.g. 30s), then commit the offsets")
  String getMaxReadTime();

  void setMaxReadTime(String value);

  @Description("Seconds between progress lines while the job runs (0: none)")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
