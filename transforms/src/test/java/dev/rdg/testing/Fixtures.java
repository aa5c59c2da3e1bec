package dev.rdg.testing;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.GraphMutation;
import dev.rdg.model.MappedEvent;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Properties;
import dev.rdg.model.RawEvent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * What the transforms tests share: times on one evening, the elements of a small graph
 * ({@code account a1 -has_profile-> profile a1/0 -started_watching-> title tt:0042|a}), properties, raw
 * events, graph assertions and the test mapping ({@code dev/rdg/testing/mapping.yaml}).
 */
public final class Fixtures {
  public static final NodeRef ACCOUNT = NodeRef.of("account", "a1");
  public static final NodeRef PROFILE = NodeRef.of("profile", "a1/0");
  public static final NodeRef TITLE = NodeRef.of("title", "tt:0042|a");
  public static final EdgeRef HAS_PROFILE = EdgeRef.of("has_profile", ACCOUNT, PROFILE);
  public static final EdgeRef WATCHING = EdgeRef.of("started_watching", PROFILE, TITLE);

  /** A playback event that every pattern of its source applies to. */
  public static final String PLAYBACK =
      json(
          "{'eventId':'e1','ts':'2026-03-01T19:00:05Z','accountId':'a1','profileIdx':0,"
              + "'profile':{'name':'Ana'},'titleId':'tt:0042|a','title':{'name':'Stranger Things'},"
              + "'position':30}");

  /** A login: the event id is nested, the device is the first of a list, the account has two patterns. */
  public static final String LOGIN =
      json(
          "{'session':{'id':'s-1'},'loginAt':" + at("19:00:00").getMillis() + ",'acct':'a1',"
              + "'country':'NL','billing':{'plan':'premium'},'devices':['d-phone','d-tv']}");

  /** A game session without an event id field. */
  public static final String GAME =
      json("{'startedAt':" + at("21:00:30").getMillis() / 1000 + ",'gameId':7,'gameName':'Oxenfree'}");

  /** Where {@link #event} says its events were read. */
  public static final String ORIGIN = "/events/playback.jsonl";

  private Fixtures() {}

  /** {@code hh:mm:ss[.SSS]} on 2026-03-01, UTC. */
  public static Instant at(String time) {
    return Instant.parse("2026-03-01T" + time + "Z");
  }

  /** The window of {@code size} that starts at {@code start}. */
  public static IntervalWindow window(String start, Duration size) {
    return new IntervalWindow(at(start), size);
  }

  /** Properties {@code name, value, name, value, …}, all stamped {@code asOf}. */
  public static Properties props(Instant asOf, Object... namesAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return Properties.of(values, asOf);
  }

  /** JSON written with single quotes, for readable payloads: {@code json("{'a':1}")}. */
  public static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** A raw event of {@code source} read from line {@code line} of {@link #ORIGIN}. */
  public static RawEvent event(String source, String payload, long line) {
    return RawEvent.of(source, payload.getBytes(StandardCharsets.UTF_8), ORIGIN, line);
  }

  /** The test mapping file. */
  public static Path mappingFile() {
    try {
      return Path.of(Fixtures.class.getResource("mapping.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The test mapping. */
  public static Mapping mapping() {
    try {
      return Mapping.load(mappingFile());
    } catch (Mapping.MappingException e) {
      throw new IllegalStateException("the test mapping must load", e);
    }
  }

  /**
   * One delivery of an event: one assertion per element ({@link NodeRef} or {@link EdgeRef}), in the order
   * given, without properties.
   */
  public static MappedEvent delivery(
      String source, String eventId, String position, Instant time, Object... elements) {
    List<GraphMutation> mutations = new ArrayList<>();
    for (Object element : elements) {
      mutations.add(
          builder(element)
              .setSource(source)
              .setEventId(eventId)
              .setEventTime(time)
              .setPosition(position)
              .build());
    }
    return MappedEvent.of(mutations);
  }

  /**
   * A playback event with one assertion, of one element ({@link NodeRef} or {@link EdgeRef}) with
   * properties {@code name, value, …} stamped at the event's time.
   */
  public static MappedEvent assertion(
      String eventId, Instant time, Object element, Object... namesAndValues) {
    return MappedEvent.of(
        List.of(
            builder(element)
                .setSource("playback")
                .setEventId(eventId)
                .setEventTime(time)
                .setPosition(ORIGIN + ":" + eventId)
                .setProperties(props(time, namesAndValues))
                .build()));
  }

  /** The event stamped with its event time, as NormalizeEvents emits it. */
  public static TimestampedValue<MappedEvent> stamped(MappedEvent event) {
    return TimestampedValue.of(event, event.eventTime());
  }

  /** A stream of mapped events to script, its watermark at 19:00:00. */
  public static TestStream.Builder<MappedEvent> eventStream() {
    return TestStream.create(MappedEvent.MappedEventCoder.of()).advanceWatermarkTo(at("19:00:00"));
  }

  /**
   * A stream in two steps: {@code before} arrives, the watermark advances to {@code watermark}, then
   * {@code after} arrives and the watermark advances to infinity.
   */
  public static TestStream<MappedEvent> arriving(
      List<MappedEvent> before, String watermark, List<MappedEvent> after) {
    return arrive(arrive(eventStream(), before).advanceWatermarkTo(at(watermark)), after)
        .advanceWatermarkToInfinity();
  }

  /** The events, each stamped with its event time. */
  public static List<TimestampedValue<MappedEvent>> stamped(List<MappedEvent> events) {
    List<TimestampedValue<MappedEvent>> stamped = new ArrayList<>();
    events.forEach(event -> stamped.add(stamped(event)));
    return stamped;
  }

  /** Adds the events, each at its event time, as one step of the stream. */
  public static TestStream.Builder<MappedEvent> arrive(
      TestStream.Builder<MappedEvent> stream, List<MappedEvent> events) {
    List<TimestampedValue<MappedEvent>> stamped = stamped(events);
    @SuppressWarnings("unchecked")
    TimestampedValue<MappedEvent>[] rest =
        stamped.subList(1, stamped.size()).toArray(new TimestampedValue[0]);
    return stream.addElements(stamped.get(0), rest);
  }

  private static GraphMutation.Builder builder(Object element) {
    if (element instanceof NodeRef) {
      return GraphMutation.builder().setNode((NodeRef) element);
    }
    return GraphMutation.builder().setEdge((EdgeRef) element);
  }
}
