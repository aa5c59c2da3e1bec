package dev.rdg.sinks.embedded;

import java.nio.file.Paths;

/**
 * A second process for the lock tests: opens the store in {@code args[0]}, prints {@code ready <nodes>} and
 * holds it until its standard input closes; if the store cannot be opened, prints {@code failed <message>}.
 */
public final class HoldStoreMain {
  private HoldStoreMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedGraphStore store;
    try {
      store = EmbeddedGraphStore.open(Paths.get(args[0]));
    } catch (IllegalStateException e) {
      System.out.println("failed " + e.getMessage());
      System.exit(1);
      return;
    }
    try (EmbeddedGraphStore held = store) {
      long nodes = 0;
      for (var it = held.nodes(); it.hasNext(); it.next()) {
        nodes++;
      }
      System.out.println("ready " + nodes);
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the store until the test closes our input
      }
    }
  }
}
