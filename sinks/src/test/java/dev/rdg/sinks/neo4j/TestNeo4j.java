package dev.rdg.sinks.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * One real Neo4j per test JVM (neo4j-harness, in-process, Bolt on a free port, no authentication),
 * closed when the JVM exits: it takes 5–12 s to start, so tests share it and empty it between them.
 */
public final class TestNeo4j {
  private static Neo4j server;

  private TestNeo4j() {}

  /** The server, started on first use. */
  public static synchronized Neo4j server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("rdg-neo4j");
        server = Neo4jBuilders.newInProcessBuilder(dir).withDisabledServer().build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Neo4j started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return server;
  }

  /** A {@code neo4j://…} sink URI on the server, emptied first. */
  public static String emptyUri(String options) {
    String bolt = server().boltURI().toString();
    try (Driver driver = GraphDatabase.driver(bolt, AuthTokens.none());
        Session session = driver.session()) {
      session.run("MATCH (n) DETACH DELETE n").consume();
    }
    return bolt.replaceFirst("^bolt", "neo4j") + (options.isEmpty() ? "" : "?" + options);
  }
}
