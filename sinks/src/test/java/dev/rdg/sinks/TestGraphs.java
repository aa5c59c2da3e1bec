package dev.rdg.sinks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import dev.rdg.model.DeadLetter;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Short builders for the nodes and edges of the tests, in seconds and minutes after {@link #T0}. */
public final class TestGraphs {
  public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private TestGraphs() {}

  /** The one-minute window starting {@code minute} minutes after {@link #T0}. */
  public static IntervalWindow minute(int minute) {
    Instant start = T0.plus(Duration.standardMinutes(minute));
    return new IntervalWindow(start, Duration.standardMinutes(1));
  }

  /** {@link #T0} plus {@code seconds}. */
  public static Instant at(int seconds) {
    return T0.plus(Duration.standardSeconds(seconds));
  }

  /** Observations with properties {@code name, value, name, value, ...}, all stamped at last seen. */
  public static Observations seen(int firstSecond, int lastSecond, long count, Object... properties) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < properties.length; i += 2) {
      values.put((String) properties[i], properties[i + 1]);
    }
    return Observations.of(Properties.of(values, at(lastSecond)), at(firstSecond), at(lastSecond), count);
  }

  public static Node node(NodeRef ref, Observations seen, @Nullable IntervalWindow window) {
    return Node.of(ref, seen, window);
  }

  /**
   * A {@code PAssert} check: the only dead letter is the record with export line {@code exportLine},
   * refused by the sink named {@code sink} (stage {@code sink}) for a reason starting {@code reasonStart}.
   */
  public static SerializableFunction<Iterable<DeadLetter>, Void> onlyRefused(
      String sink, String exportLine, String reasonStart) {
    return refused -> {
      List<DeadLetter> all = new ArrayList<>();
      refused.forEach(all::add);
      assertThat("dead letters: " + all, all.size(), equalTo(1));
      DeadLetter deadLetter = all.get(0);
      assertThat(deadLetter.stage(), equalTo("sink"));
      assertThat(deadLetter.origin(), equalTo(sink));
      assertThat(deadLetter.payload(), equalTo(exportLine));
      assertThat(deadLetter.reason(), startsWith(reasonStart));
      assertThat(deadLetter.reason().length(), lessThanOrEqualTo(500));
      return null;
    };
  }

  public static Edge edge(
      String type, NodeRef src, NodeRef dst, Observations seen, @Nullable IntervalWindow window) {
    return Edge.of(EdgeRef.of(type, src, dst), seen, window);
  }
}
