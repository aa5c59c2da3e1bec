package dev.rdg.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Writes Netflix-like events in the shapes of {@code test-data/mappings/netflix.yaml}: sessions of a login
 * and one to three activities; {@code playback.jsonl} (a start and a heartbeat every 2 s of a 5–45 minute
 * viewing, so many events assert the same edges within a minute),
 * {@code sessions.jsonl} (logins) and {@code games.jsonl} (game sessions, an event every 30 s).
 *
 * <p>Deterministic for a seed. Titles and games are picked with Zipf popularity (a few are very popular);
 * a fraction of events is redelivered (the same line again, a little later in the file), malformed
 * (truncated) or jittered back in time (out of order).
 *
 * <p>Into files ({@link #write}) or Kafka topics named after the sources ({@link #produce}): the same lines
 * in the same order for a seed, so a topic ingest and a file ingest of one seed build the same graph.
 *
 * <pre>{@code
 * EventGenerator.Counts counts = new EventGenerator(42, 0.01, 0.001, 0.02).write(1_000_000, dir);
 * new EventGenerator(42, 0.01, 0.001, 0.02).produce(1_000_000, "localhost:9092");
 * }</pre>
 */
public final class EventGenerator {
  /** The sources, as {@code test-data/mappings/netflix.yaml} names them: file and topic names. */
  public static final String PLAYBACK = "playback";

  public static final String SESSIONS = "sessions";
  public static final String GAMES = "games";
  public static final List<String> SOURCES = List.of(PLAYBACK, SESSIONS, GAMES);
  private static final long START_MILLIS = 1772323200000L; // 2026-03-01T00:00:00Z
  private static final String[] KINDS = {"phone", "tv", "tablet"};
  private static final int HEARTBEAT_SECONDS = 2;
  private static final JsonFactory JSON = new JsonFactory();

  private final long seed;
  private final double redeliveries;
  private final double malformed;
  private final double jitter;

  /** Fractions of events redelivered, malformed and jittered out of order, each in [0, 1). */
  public EventGenerator(long seed, double redeliveries, double malformed, double jitter) {
    checkFraction("redeliveries", redeliveries);
    checkFraction("malformed", malformed);
    checkFraction("jitter", jitter);
    this.seed = seed;
    this.redeliveries = redeliveries;
    this.malformed = malformed;
    this.jitter = jitter;
  }

  /** What was written: lines per kind, for checking a run's counters. */
  public static final class Counts {
    public long lines;
    public long redelivered;
    public long malformed;

    @Override
    public String toString() {
      return String.format(
          "%,d lines (%,d redelivered, %,d malformed)", lines, redelivered, malformed);
    }
  }

  /** Writes about {@code events} lines (redeliveries included) into three files in {@code dir}. */
  public Counts write(long events, Path dir) throws IOException {
    checkEvents(events);
    Files.createDirectories(dir);
    try (FileLines files = new FileLines(dir)) {
      return generate(events, files);
    }
  }

  /**
   * Produces about {@code events} records (redeliveries included) to the Kafka topics {@code playback},
   * {@code sessions} and {@code games} at {@code bootstrap}, one line a record, in the order the files get
   * them; waits until the broker has them all.
   */
  public Counts produce(long events, String bootstrap) throws IOException {
    checkEvents(events);
    try (TopicLines topics = new TopicLines(bootstrap)) {
      return generate(events, topics);
    }
  }

  private static void checkEvents(long events) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be >= 1, but was " + events);
    }
  }

  private Counts generate(long events, Lines out) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    int accounts = (int) Math.max(50, events / 400);
    Zipf titles = new Zipf(Math.max(50, (int) (events / 5000)), 1.1);
    Zipf games = new Zipf(30, 1.2);
    Counts counts = new Counts();
    try (Sink playback = new Sink(out, PLAYBACK, random, counts);
        Sink sessions = new Sink(out, SESSIONS, random, counts);
        Sink gameEvents = new Sink(out, GAMES, random, counts)) {
      long id = 0;
      long clock = START_MILLIS;
      while (counts.lines < events) {
        int account = random.nextInt(accounts);
        int profile = random.nextInt(1 + account % 4);
        String device = "d" + account + "-" + KINDS[random.nextInt(KINDS.length)];
        clock += random.nextInt(2000);
        sessions.event(login(++id, clock, account, profile, device));
        // A session: one to three activities one after the other, from the login on.
        long at = clock;
        for (int activities = 1 + random.nextInt(3); activities > 0 && counts.lines < events; activities--) {
          double activity = random.nextDouble();
          if (activity < 0.85) {
            int title = titles.sample(random);
            int heartbeats = (5 * 60 + random.nextInt(40 * 60)) / HEARTBEAT_SECONDS;
            for (int h = 0; h <= heartbeats && counts.lines < events; h++) {
              long millis = at + h * HEARTBEAT_SECONDS * 1000L;
              playback.event(heartbeat(++id, time(millis, random), account, profile, device, title, h));
            }
            at += heartbeats * HEARTBEAT_SECONDS * 1000L;
          } else if (activity < 0.95) {
            int game = games.sample(random);
            int rounds = 3 + random.nextInt(15);
            for (int r = 0; r < rounds && counts.lines < events; r++) {
              gameEvents.event(gameEvent(++id, time(at + r * 30_000L, random), account, profile, device, game, r));
            }
            at += rounds * 30_000L;
          }
        }
      }
    }
    return counts;
  }

  private long time(long millis, SplittableRandom random) {
    return random.nextDouble() < jitter ? millis - random.nextInt(120_000) : millis;
  }

  private static String login(long id, long millis, int account, int profile, String device)
      throws IOException {
    return json(
        g -> {
          g.writeStringField("sessionId", "s" + id);
          g.writeNumberField("loginAt", millis);
          g.writeStringField("acct", "a" + account);
          g.writeStringField("country", account % 7 == 0 ? "NL" : "US");
          g.writeStringField("plan", account % 3 == 0 ? "premium" : "standard");
          g.writeStringField("deviceId", device);
          g.writeStringField("deviceType", device.substring(device.indexOf('-') + 1));
          g.writeObjectFieldStart("profile");
          g.writeNumberField("idx", profile);
          g.writeStringField("name", "p" + profile);
          g.writeEndObject();
        });
  }

  private static String heartbeat(
      long id, long millis, int account, int profile, String device, int title, int beat)
      throws IOException {
    return json(
        g -> {
          g.writeStringField("eventId", "e" + id);
          g.writeStringField("ts", Instant.ofEpochMilli(millis).toString());
          g.writeStringField("accountId", "a" + account);
          g.writeNumberField("profileIdx", profile);
          g.writeObjectFieldStart("device");
          g.writeStringField("id", device);
          g.writeEndObject();
          g.writeStringField("titleId", "tt" + title);
          if (beat == 0) {
            g.writeStringField("titleName", "Title " + title);
          }
          g.writeNumberField("position", beat * HEARTBEAT_SECONDS);
          g.writeStringField("action", beat == 0 ? "start" : "heartbeat");
        });
  }

  private static String gameEvent(
      long id, long millis, int account, int profile, String device, int game, int round)
      throws IOException {
    return json(
        g -> {
          g.writeStringField("eid", "g" + id);
          g.writeNumberField("startedAt", millis / 1000);
          g.writeObjectFieldStart("account");
          g.writeStringField("id", "a" + account);
          g.writeEndObject();
          g.writeNumberField("profileIdx", profile);
          g.writeStringField("gameId", "game" + game);
          g.writeObjectFieldStart("device");
          g.writeStringField("id", device);
          g.writeEndObject();
          g.writeNumberField("level", 1 + round / 3);
        });
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static String json(Body body) throws IOException {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    }
    return out.toString();
  }

  /** Where a source's lines go: a file each ({@link FileLines}) or a Kafka topic each ({@link TopicLines}). */
  private interface Lines extends AutoCloseable {
    void line(String source, String line) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** {@code SOURCE.jsonl} in a folder, one per source, each created even if it gets no line. */
  private static final class FileLines implements Lines {
    private final Map<String, Writer> files = new LinkedHashMap<>();

    FileLines(Path dir) throws IOException {
      for (String source : SOURCES) {
        files.put(
            source,
            new BufferedWriter(Files.newBufferedWriter(dir.resolve(source + ".jsonl"), StandardCharsets.UTF_8), 1 << 16));
      }
    }

    @Override
    public void line(String source, String line) throws IOException {
      Writer out = files.get(source);
      out.write(line);
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      for (Writer out : files.values()) {
        out.close();
      }
    }
  }

  /** The Kafka topic named after each source; records without keys, acknowledged by all replicas. */
  private static final class TopicLines implements Lines {
    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;
    /** The first error a send reported (on the producer's I/O thread). */
    private volatile @Nullable Exception failure;

    TopicLines(String bootstrap) throws IOException {
      this.bootstrap = bootstrap;
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
      config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      // A broker that cannot be reached fails the first records in 30 s, not each send after a minute.
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
      config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      try {
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      } catch (KafkaException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IOException("could not produce to Kafka at " + bootstrap + ": " + cause.getMessage(), e);
      }
    }

    /** Sends a record; once one has failed, stops with that failure instead of sending more. */
    @Override
    public void line(String source, String line) throws IOException {
      checkNoFailure();
      producer.send(
          new ProducerRecord<>(source, line.getBytes(StandardCharsets.UTF_8)),
          (metadata, error) -> {
            if (error != null && failure == null) {
              failure = error;
            }
          });
    }

    /** Waits for every record's acknowledgement; a record the broker refused fails here. */
    @Override
    public void close() throws IOException {
      try {
        producer.flush();
      } finally {
        producer.close();
      }
      checkNoFailure();
    }

    private void checkNoFailure() throws IOException {
      Exception first = failure;
      if (first != null) {
        throw new IOException(
            "could not produce to Kafka at " + bootstrap + ": " + first.getMessage()
                + " (does a broker listen there, and does it create topics or have playback, sessions and games?)",
            first);
      }
    }
  }

  /** One source's events: writes them, some of them again a little later or truncated. */
  private final class Sink implements AutoCloseable {
    private final Lines out;
    private final String source;
    private final SplittableRandom random;
    private final Counts counts;
    private final Deque<String> pendingRedeliveries = new ArrayDeque<>();

    Sink(Lines out, String source, SplittableRandom random, Counts counts) {
      this.out = out;
      this.source = source;
      this.random = random;
      this.counts = counts;
    }

    void event(String line) throws IOException {
      if (random.nextDouble() < malformed) {
        line(line.substring(0, line.length() / 2));
        counts.malformed++;
        return;
      }
      line(line);
      if (random.nextDouble() < redeliveries) {
        pendingRedeliveries.add(line);
      }
      if (pendingRedeliveries.size() > 8) {
        line(pendingRedeliveries.poll());
        counts.redelivered++;
      }
    }

    private void line(String line) throws IOException {
      out.line(source, line);
      counts.lines++;
    }

    /** Writes the redeliveries still pending. */
    @Override
    public void close() throws IOException {
      while (!pendingRedeliveries.isEmpty()) {
        line(pendingRedeliveries.poll());
        counts.redelivered++;
      }
    }
  }

  /** Zipf-distributed ranks 0..n-1 by inverse transform over the cumulative weights. */
  private static final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double exponent) {
      cumulative = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1 / Math.pow(i + 1, exponent);
        cumulative[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cumulative[i] /= sum;
      }
    }

    int sample(SplittableRandom random) {
      int rank = Arrays.binarySearch(cumulative, random.nextDouble());
      return rank >= 0 ? rank : Math.min(-rank - 1, cumulative.length - 1);
    }
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), but was " + value);
    }
  }
}
