package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.rdg.serve.GraphServer;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.RetainedGraph;
import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Retention end to end: the Netflix sample ingested with {@code rdg ingest} under its mapping plus
 * {@code retention: {nodes: {device: 2h}, edges: {logged_in_from: 90m}}}, then read with {@code rdg export},
 * {@code rdg query} and {@code rdg compact}.
 *
 * <p>Expected by hand from {@code test-data/expected/netflix.jsonl}: the newest time is 22:53:00, so devices
 * last seen before 20:53 expire (d-a3-tv at 20:15, d-a6-tv at 20:45) and logged_in_from edges last seen
 * before 21:23 (a1→d-a1-tv at 21:04, a3→d-a3-tv at 19:09:30, a6→d-a6-tv at 20:45). streamed_from has no
 * ttl: a3/0→d-a3-tv stays, its device a bare reference.
 */
@RunWith(JUnit4.class)
public class RetentionEndToEndTest {
  private static final String RETENTION = "\nretention:\n  nodes: {device: 2h}\n  edges: {logged_in_from: 90m}\n";

  /** The lines of the expected export that retention removes, as their prefixes. */
  private static final List<String> EXPIRED =
      List.of(
          "{\"kind\":\"node\",\"type\":\"device\",\"id\":\"d-a3-tv\"",
          "{\"kind\":\"node\",\"type\":\"device\",\"id\":\"d-a6-tv\"",
          "{\"kind\":\"edge\",\"type\":\"logged_in_from\",\"src\":{\"type\":\"account\",\"id\":\"a1\"},\"dst\":{\"type\":\"device\",\"id\":\"d-a1-tv\"}",
          "{\"kind\":\"edge\",\"type\":\"logged_in_from\",\"src\":{\"type\":\"account\",\"id\":\"a3\"},\"dst\":{\"type\":\"device\",\"id\":\"d-a3-tv\"}",
          "{\"kind\":\"edge\",\"type\":\"logged_in_from\",\"src\":{\"type\":\"account\",\"id\":\"a6\"},\"dst\":{\"type\":\"device\",\"id\":\"d-a6-tv\"}");

  private static Path work;
  private static Path store;
  private static Path mapping;

  @BeforeClass
  public static void ingest() throws IOException {
    work = Files.createTempDirectory("rdg-retention-");
    mapping = work.resolve("netflix-retention.yaml");
    Files.writeString(mapping, Files.readString(NetflixSample.MAPPING) + RETENTION);
    store = work.resolve("store");
    NetflixSample.ingest(mapping, NetflixSample.INPUT, work, store, "--runner=DirectRunner");
  }

  @AfterClass
  public static void delete() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  /** The expected export without the five expired lines. */
  private static String expected() throws IOException {
    List<String> lines = Files.readAllLines(NetflixSample.EXPECTED_EXPORT, StandardCharsets.UTF_8);
    List<String> kept =
        lines.stream().filter(line -> EXPIRED.stream().noneMatch(line::startsWith)).collect(Collectors.toList());
    assertThat("each expired prefix names one line", lines.size() - kept.size(), equalTo(EXPIRED.size()));
    return String.join("\n", kept) + "\n";
  }

  /** The policy kept at ingest applies to export with no option: the expired lines are gone. */
  @Test
  public void testExportLeavesOutExpiredElements() throws Exception {
    assertThat(NetflixSample.export(work, store), equalTo(expected()));
  }

  /** GraphML and DOT export the same view: no expired device. */
  @Test
  public void testGraphMlAndDotLeaveOutExpiredDevices() throws Exception {
    for (String format : List.of("graphml", "dot")) {
      Path out = work.resolve("graph." + format);
      assertThat(Rdg.execute("export", "--sink=embedded:" + store, "--format=" + format, "--output=" + out), equalTo(0));
      String text = Files.readString(out);
      assertThat(format, text, containsString("device:d-a3-phone"));
      assertThat(format, text, not(containsString("\"device:d-a6-tv\"")));
    }
  }

  /** A query does not find an expired device, and an account's neighbours leave out its expired edge. */
  @Test
  public void testQueriesHonourRetention() throws Exception {
    assertThat(query("node", "--node=device:d-a6-tv"), equalTo(Rdg.USAGE));
    assertThat(query("node", "--node=device:d-a3-phone"), equalTo(0));
    String neighbors = capture(() -> query("neighbors", "--node=account:a1", "--edgeTypes=logged_in_from", "--format=json"));
    assertThat(neighbors, containsString("d-a1-phone"));
    assertThat(neighbors, not(containsString("d-a1-tv")));
  }

  /** An explicit --asOf an hour earlier moves the cut-off: d-a6-tv and a6's login are shown again. */
  @Test
  public void testAsOfMovesTheReference() throws Exception {
    String neighbors =
        capture(() -> query("neighbors", "--node=account:a6", "--asOf=2026-03-01T21:53:00Z", "--format=json"));
    assertThat(neighbors, containsString("\"id\":\"d-a6-tv\""));
  }

  /** Over HTTP, a request's asOf moves the cut-off as --asOf does on the command line. */
  @Test
  public void testServedAsOfMovesTheReference() throws Exception {
    GraphSink sink = EmbeddedGraphSink.at(store);
    HttpClient http = HttpClient.newHttpClient();
    try (GraphReader graph = sink.openReader();
        GraphServer server =
            GraphServer.start(
                graph, RetainedGraph.policy(sink, null), new InetSocketAddress("127.0.0.1", 0))) {
      String neighbors = "/api/nodes/account/a6/neighbors";
      String now = http.send(
          HttpRequest.newBuilder(server.uri().resolve(neighbors)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
      String earlier = http.send(
          HttpRequest.newBuilder(server.uri().resolve(neighbors + "?asOf=2026-03-01T21:53:00Z")).build(),
          HttpResponse.BodyHandlers.ofString())
          .body();
      assertThat(now, not(containsString("\"id\":\"d-a6-tv\"")));
      assertThat(earlier, containsString("\"id\":\"d-a6-tv\""));
    }
  }

  /**
   * A graph whose sink keeps no policy, here the sample ingested without retention, is read under
   * {@code --mapping}: the same export.
   */
  @Test
  public void testMappingOptionAppliesRetention() throws Exception {
    Path out = work.resolve("with-mapping.jsonl");
    int exit =
        Rdg.execute("export", "--sink=" + IngestedNetflix.sink(), "--mapping=" + mapping, "--output=" + out);
    assertThat(exit, equalTo(0));
    assertThat(Files.readString(out), equalTo(expected()));
  }

  /**
   * {@code rdg compact} deletes the expired elements from a copy of the store: read without any retention
   * (the mapping without it), the store now holds exactly the retained graph.
   */
  @Test
  public void testCompactDeletesWhatRetentionHides() throws Exception {
    Path copy = work.resolve("compacted");
    try (Stream<Path> files = Files.list(store)) {
      Files.createDirectories(copy);
      for (Path file : files.collect(Collectors.toList())) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    String printed = capture(() -> Rdg.execute("compact", "--sink=embedded:" + copy));
    assertThat(printed, containsString("deleted 2 of "));
    assertThat(printed, containsString(" nodes and 3 of "));
    Path out = work.resolve("compacted.jsonl");
    int exit =
        Rdg.execute("export", "--sink=embedded:" + copy, "--mapping=" + NetflixSample.MAPPING, "--output=" + out);
    assertThat(exit, equalTo(0));
    assertThat(Files.readString(out), equalTo(expected()));
  }

  /** Compacting a sink that is not an embedded store is a usage error. */
  @Test
  public void testCompactNeedsAnEmbeddedStore() {
    assertThat(Rdg.execute("compact", "--sink=file:" + work.resolve("files")), equalTo(Rdg.USAGE));
  }

  private static int query(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "query";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = "--sink=embedded:" + store;
    return Rdg.execute(all);
  }

  /** What {@code command} prints to standard output; asserts exit code 0. */
  private static String capture(java.util.function.IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(command.getAsInt(), equalTo(0));
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
