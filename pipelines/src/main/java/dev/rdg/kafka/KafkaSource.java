package dev.rdg.kafka;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Where and how an ingest reads Kafka: brokers, which topic is which source of the mapping, the consumer
 * group, where a group without committed offsets starts, pass-through client properties, and the bounds of a
 * bounded run. Values of client properties are secrets as far as rdg is concerned: {@link #toString} and
 * display data show their names only.
 *
 * <pre>{@code
 * KafkaSource source = KafkaSource.builder()
 *     .setBootstrapServers("127.0.0.1:9092")
 *     .setTopicSources(Map.of("playback", "playback"))
 *     .setGroupId("rdg-playback")
 *     .setStartFrom("earliest")
 *     .setClientProperties(Map.of())
 *     .build();
 * }</pre>
 */
@AutoValue
public abstract class KafkaSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]+");

  public abstract String bootstrapServers();

  /** Topic → name of the mapping's source its records belong to. */
  public abstract SortedMap<String, String> topicSources();

  public abstract String groupId();

  /**
   * Where a partition without a committed offset of the group starts: {@code earliest}, {@code latest}, or
   * an ISO-8601 time (then every partition starts at the first record at or after it, committed or not).
   */
  public abstract String startFrom();

  /** Kafka client properties passed to every consumer, e.g. {@code security.protocol=SASL_SSL}. */
  public abstract SortedMap<String, String> clientProperties();

  /** Stop after this many records (a bounded run), or null. */
  public abstract @Nullable Long maxRecords();

  /**
   * Read every partition up to its end offset as the job starts, then stop (a bounded run); with
   * {@link #maxRecords()}, whichever comes first.
   */
  public abstract boolean stopAtEnd();

  /** Stop after reading this long (a bounded run), or null. */
  public abstract @Nullable Duration maxReadTime();

  /** Whether the run ends by itself: then offsets are committed when it has written the graph. */
  public boolean bounded() {
    return maxRecords() != null || maxReadTime() != null || stopAtEnd();
  }

  /** The start time when {@link #startFrom()} is one, else null. */
  public @Nullable Instant startTime() {
    return isResetPolicy(startFrom()) ? null : Instant.parse(startFrom());
  }

  /** {@code earliest} or {@code latest}: what Kafka does for a partition the group has no offset of. */
  public String offsetReset() {
    return isResetPolicy(startFrom()) ? startFrom() : "earliest";
  }

  public static Builder builder() {
    return new AutoValue_KafkaSource.Builder().setStopAtEnd(false);
  }

  @Override
  public final String toString() {
    return "kafka " + bootstrapServers() + " topics " + topicSources() + " group " + groupId()
        + " properties " + clientProperties().keySet();
  }

  private static boolean isResetPolicy(String startFrom) {
    return startFrom.equals("earliest") || startFrom.equals("latest");
  }

  /** Builds and validates a {@link KafkaSource}; every problem is an {@link IllegalArgumentException}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setBootstrapServers(String value);

    abstract Builder setTopicSources(SortedMap<String, String> value);

    public Builder setTopicSources(Map<String, String> value) {
      return setTopicSources(new TreeMap<>(value));
    }

    public abstract Builder setGroupId(String value);

    public abstract Builder setStartFrom(String value);

    abstract Builder setClientProperties(SortedMap<String, String> value);

    public Builder setClientProperties(Map<String, String> value) {
      return setClientProperties(new TreeMap<>(value));
    }

    public abstract Builder setMaxRecords(@Nullable Long value);

    public abstract Builder setStopAtEnd(boolean value);

    public abstract Builder setMaxReadTime(@Nullable Duration value);

    abstract KafkaSource autoBuild();

    public KafkaSource build() {
      KafkaSource source = autoBuild();
      check(!source.bootstrapServers().isBlank(), "--kafkaBootstrap needs HOST:PORT");
      check(!source.topicSources().isEmpty(), "--topics names no topic");
      source.topicSources().keySet().forEach(
          topic -> check(TOPIC.matcher(topic).matches(),
              "topic '" + topic + "' is not a Kafka topic name (letters, digits, '.', '_', '-')"));
      check(!source.groupId().isBlank(), "--kafkaGroup must not be empty");
      if (!isResetPolicy(source.startFrom())) {
        try {
          Instant.parse(source.startFrom());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--startFrom=" + source.startFrom() + " is not earliest, latest or an ISO-8601 time "
                  + "(e.g. 2026-03-01T19:00:00Z)");
        }
      }
      Long max = source.maxRecords();
      check(max == null || max > 0, "--maxRecords must be > 0, but was " + max);
      Duration time = source.maxReadTime();
      check(time == null || time.isLongerThan(Duration.ZERO), "--maxReadTime must be longer than 0");
      return source;
    }

    private static void check(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
