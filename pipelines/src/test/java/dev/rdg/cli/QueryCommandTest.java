package dev.rdg.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code rdg query …} and {@code rdg export --format=graphml|dot} on the Netflix sample ingested by
 * {@code rdg ingest}, with the answers worked out by hand from {@code test-data/README.md}.
 */
@RunWith(JUnit4.class)
public class QueryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @Before
  public void capture() {
    IngestedNetflix.store();
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String run(int expectedExit, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "query";
    all[1] = args[0];
    all[2] = "--sink=" + IngestedNetflix.sink();
    System.arraycopy(args, 1, all, 3, args.length - 1);
    int exit = Rdg.execute(all);
    assertThat("exit code; stderr: " + err, exit, equalTo(expectedExit));
    return out.toString(StandardCharsets.UTF_8);
  }

  private JsonNode json(String... args) throws Exception {
    List<String> withFormat = new ArrayList<>(List.of(args));
    withFormat.add("--format=json");
    return JSON.readTree(run(0, withFormat.toArray(new String[0])));
  }

  private static List<String> keys(JsonNode elements) {
    List<String> keys = new ArrayList<>();
    elements.forEach(
        e -> keys.add(e.has("kind") && e.get("kind").asText().equals("edge")
            ? e.get("src").get("id").asText() + " -" + e.get("type").asText() + "-> " + e.get("dst").get("id").asText()
            : e.get("type").asText() + ":" + e.get("id").asText()));
    return keys;
  }

  private String oneErrorLine() {
    String text = err.toString(StandardCharsets.UTF_8).trim();
    assertThat("one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, startsWith("rdg: error: "));
    assertThat(text, not(containsString("\tat ")));
    return text;
  }

  /** {@code query node --format=json} prints the node's export line, byte for byte. */
  @Test
  public void testNodeAsExportLine() throws Exception {
    String line = run(0, "node", "--node=account:a1", "--format=json");
    assertThat(line, equalTo(IngestedNetflix.expectedLine("{\"kind\":\"node\",\"type\":\"account\",\"id\":\"a1\",") + "\n"));
  }

  /** The devices a1 logged in from, latest first; the table shows them with their properties. */
  @Test
  public void testNeighborsTableAndJson() throws Exception {
    JsonNode answer = json("neighbors", "--node=account:a1", "--direction=out", "--edgeTypes=logged_in_from");
    assertThat(
        keys(answer.get("nodes")),
        contains("account:a1", "device:d-a1-phone", "device:d-a1-tablet", "device:d-a1-tv"));
    out.reset();
    String table = run(0, "neighbors", "--node=account:a1", "--direction=out", "--edgeTypes=logged_in_from");
    assertThat(table, containsString("4 nodes\nTYPE     ID           LAST SEEN"));
    assertThat(table, containsString("device   d-a1-tablet  2026-03-01T22:21:30.000Z  11     kind=tablet, model=iPad Air"));
    assertThat(table, containsString("3 edges\nSRC"));
    assertThat(table, containsString("account:a1  logged_in_from  device:d-a1-phone   2026-03-01T22:44:00.120Z  2"));
  }

  /** Two hops from the living-room TV: 13 edges reaching 10 nodes; a limit of 5 per hop truncates. */
  @Test
  public void testKhop() throws Exception {
    JsonNode answer = json("khop", "--node=device:d-a1-tv", "--hops=2");
    assertThat(answer.get("edges").size(), equalTo(13));
    assertThat(answer.get("nodes").size(), equalTo(10));
    assertThat(answer.get("truncated").asBoolean(), equalTo(false));
    out.reset();
    JsonNode limited = json("khop", "--node=device:d-a1-tv", "--hops=2", "--limit=5", "--selection=any");
    assertThat(limited.get("edges").size(), equalTo(3 + 5));
    assertThat(limited.get("truncated").asBoolean(), equalTo(true));
  }

  /** a2 and a3 meet in Squid Game; a6 reaches no one (exit code 1). */
  @Test
  public void testPath() throws Exception {
    JsonNode path = json("path", "--from=account:a2", "--to=account:a3");
    assertThat(
        keys(path.get("nodes")),
        contains("account:a2", "profile:a2/1", "game:g:squid-unleashed", "profile:a3/0", "account:a3"));
    out.reset();
    run(Rdg.FAILED, "path", "--from=account:a6", "--to=device:d-a1-tv");
    assertThat(err.toString(StandardCharsets.UTF_8).trim(),
        equalTo("rdg: no path from account:a6 to device:d-a1-tv within 6 hops"));
  }

  /** The post's example: the account, profiles and devices behind the TV; its devices are a1's three. */
  @Test
  public void testEntityBehindDevice() throws Exception {
    JsonNode entity =
        json("entity", "--node=device:d-a1-tv", "--edgeTypes=has_profile,streamed_from,logged_in_from");
    List<String> devices = new ArrayList<>();
    keys(entity.get("nodes")).stream().filter(k -> k.startsWith("device:")).forEach(devices::add);
    assertThat(devices, containsInAnyOrder("device:d-a1-tv", "device:d-a1-phone", "device:d-a1-tablet"));
    assertThat(
        keys(entity.get("nodes")),
        containsInAnyOrder(
            "device:d-a1-tv", "device:d-a1-phone", "device:d-a1-tablet", "account:a1", "profile:a1/0",
            "profile:a1/1", "profile:a1/2"));
    assertThat(entity.get("edges").size(), equalTo(11));
  }

  /** An unknown node is exit code 2 with one line naming it. */
  @Test
  public void testUnknownNode() {
    run(Rdg.USAGE, "neighbors", "--node=account:a9");
    assertThat(oneErrorLine(), equalTo("rdg: error: no node account:a9 in the graph"));
  }

  /** A hostile type name never reaches the store: exit code 2, invalid type name. */
  @Test
  public void testBadTypeName() {
    run(Rdg.USAGE, "khop", "--node=acc ount) DETACH DELETE n //:a1");
    assertThat(oneErrorLine(), containsString("invalid type name 'acc ount) DETACH DELETE n //'"));
  }

  /** A bad edge type in the filter: exit code 2. */
  @Test
  public void testBadEdgeType() {
    run(Rdg.USAGE, "neighbors", "--node=account:a1", "--edgeTypes=has-profile");
    assertThat(oneErrorLine(), containsString("invalid type name 'has-profile'"));
  }

  /** A negative limit: exit code 2. */
  @Test
  public void testNegativeLimit() {
    run(Rdg.USAGE, "khop", "--node=account:a1", "--limit=-1");
    assertThat(oneErrorLine(), equalTo("rdg: error: --limit must be >= 0, but was -1"));
  }

  /** A node without a type: exit code 2 with an example. */
  @Test
  public void testNodeWithoutType() {
    run(Rdg.USAGE, "neighbors", "--node=a1");
    assertThat(oneErrorLine(), containsString("--node must be TYPE:ID, e.g. account:a1"));
  }

  /** {@code rdg serve} refuses a negative port before opening anything: exit code 2. */
  @Test
  public void testServeBadPort() {
    assertThat(Rdg.execute("serve", "--sink=" + IngestedNetflix.sink(), "--port=-1"), equalTo(Rdg.USAGE));
    assertThat(oneErrorLine(), equalTo("rdg: error: --port must be >= 0, but was -1"));
  }

  /** GraphML of the whole graph has the sample's 34 nodes and 47 edges. */
  @Test
  public void testExportGraphMl() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("graph.graphml");
    int exit = Rdg.execute("export", "--sink=" + IngestedNetflix.sink(), "--format=graphml", "--output=" + file);
    assertThat(exit, equalTo(0));
    String xml = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(xml.split("<node ", -1).length - 1, equalTo(34));
    assertThat(xml.split("<edge ", -1).length - 1, equalTo(47));
    assertThat(xml, containsString("<node id=\"profile:a5/0\"><data key=\"n.type\">profile</data>"));
  }

  /** DOT of the one-hop subgraph around a1: a1, its 3 profiles and 3 devices, 6 edges. */
  @Test
  public void testExportDotAround() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("a1.dot");
    int exit =
        Rdg.execute(
            "export", "--sink=" + IngestedNetflix.sink(), "--format=dot", "--around=account:a1", "--hops=1",
            "--output=" + file);
    assertThat(exit, equalTo(0));
    String dot = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(dot.split(" -> ", -1).length - 1, equalTo(6));
    assertThat(dot, containsString("\"account:a1\" -> \"device:d-a1-tablet\" [label=\"logged_in_from\"];"));
    assertThat(dot.split("fillcolor", -1).length - 1, equalTo(7));
  }
}
