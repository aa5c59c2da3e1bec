package dev.rdg.sinks.embedded;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A fresh embedded store in a temporary folder for each test, closed and deleted after it.
 *
 * <pre>{@code
 * @Rule public final TemporaryStore graph = new TemporaryStore();
 * graph.store().upsertNodes(nodes);
 * }</pre>
 */
final class TemporaryStore extends ExternalResource {
  private final TemporaryFolder tmp = new TemporaryFolder();
  private Path folder;
  private EmbeddedGraphStore store;

  @Override
  protected void before() throws IOException {
    tmp.create();
    folder = tmp.newFolder("graph").toPath();
    store = EmbeddedGraphStore.open(folder);
  }

  @Override
  protected void after() {
    store.close();
    tmp.delete();
  }

  EmbeddedGraphStore store() {
    return store;
  }

  Path folder() {
    return folder;
  }

  /** Closes the store, so the test may open its folder with RocksDB itself. */
  void close() {
    store.close();
  }

  /** Opens the folder again after {@link #close}. */
  EmbeddedGraphStore reopen() {
    store = EmbeddedGraphStore.open(folder);
    return store;
  }
}
