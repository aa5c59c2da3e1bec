package dev.rdg.sinks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.rdg.sinks.embedded.EmbeddedGraphSink;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class GraphSinksTest {
  /** A known scheme makes that scheme's sink, which remembers its URI. */
  @Test
  public void testKnownSchemeMakesItsSink() {
    GraphSink sink = GraphSinks.fromUri("embedded:target/graph");

    assertTrue(sink instanceof EmbeddedGraphSink);
    assertEquals("embedded:target/graph", sink.uri());
  }

  /** An unknown scheme fails in one line that lists the known schemes. */
  @Test
  public void testUnknownSchemeListsKnownSchemes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("neo5://x"));

    assertEquals(
        "unknown sink scheme 'neo5' in 'neo5://x'; known schemes: embedded, file, jdbc, kafka, neo4j",
        e.getMessage());
  }

  /** A URI without a scheme fails saying what is expected. */
  @Test
  public void testMissingSchemeListsKnownSchemes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("./graph"));

    assertEquals(
        "sink URI './graph' has no scheme (expected SCHEME:LOCATION, e.g. embedded:./graph); known schemes: "
            + "embedded, file, jdbc, kafka, neo4j",
        e.getMessage());
  }

  /** The embedded scheme without a folder is refused by its provider. */
  @Test
  public void testEmbeddedWithoutFolderIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GraphSinks.fromUri("embedded:"));

    assertEquals(
        "sink URI 'embedded:' names no folder; expected embedded:PATH, e.g. embedded:./graph",
        e.getMessage());
  }
}
