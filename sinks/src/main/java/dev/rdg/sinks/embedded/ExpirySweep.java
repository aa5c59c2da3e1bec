package dev.rdg.sinks.embedded;

import dev.rdg.mapping.Retention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Reclaims the space of expired elements ({@code rdg compact}): deletes every node and edge the retention
 * policy expires, with all its records (merged record, forward and reverse adjacency, window shares), then
 * compacts the database so the disk space is freed, not only marked deleted. What it deletes is exactly
 * what {@link dev.rdg.sinks.RetainedGraph} already hides, so export and queries read the same before and
 * after; an edge outliving an expired end node is kept, as it is shown.
 *
 * <pre>{@code
 * try (EmbeddedGraphStore store = EmbeddedGraphStore.open(Paths.get("./graph"))) {
 *   ExpirySweep.Result swept = ExpirySweep.run(store, retention, null);   // reference: newest event time
 * }
 * }</pre>
 */
public final class ExpirySweep {
  /** Deletes are written in batches of this many elements, so memory stays flat on a large store. */
  private static final int BATCH = 10_000;

  private ExpirySweep() {}

  /** What one sweep did. */
  public static final class Result {
    public final Instant reference;
    public final long nodesScanned;
    public final long edgesScanned;
    public final long nodesDeleted;
    public final long edgesDeleted;
    /** How long of the sweep compacting took. */
    public final long compactMillis;

    Result(
        Instant reference,
        long nodesScanned,
        long edgesScanned,
        long nodesDeleted,
        long edgesDeleted,
        long compactMillis) {
      this.reference = reference;
      this.nodesScanned = nodesScanned;
      this.edgesScanned = edgesScanned;
      this.nodesDeleted = nodesDeleted;
      this.edgesDeleted = edgesDeleted;
      this.compactMillis = compactMillis;
    }

    @Override
    public String toString() {
      return "deleted " + nodesDeleted + " of " + nodesScanned + " nodes and " + edgesDeleted + " of "
          + edgesScanned + " edges expired as of " + reference + " (compacting: " + compactMillis + " ms)";
    }
  }

  /**
   * Deletes what {@code retention} expires as of {@code asOf} (null: the store's newest time), then compacts.
   * Writers wait while it runs.
   */
  public static Result run(EmbeddedGraphStore store, Retention retention, @Nullable Instant asOf) {
    Instant reference = asOf != null ? asOf : store.newestTime();
    return store.exclusively(
        db -> {
          long[] nodes =
              sweep(db, Records.NODE, Records::node, Records.Upsert::of, retention::expired, reference);
          long[] edges =
              sweep(db, Records.OUT_EDGE, Records::edge, Records.Upsert::of, retention::expired, reference);
          long compactStarted = System.nanoTime();
          if (nodes[1] + edges[1] > 0) {
            db.compactRange();
          }
          long compactMillis = (System.nanoTime() - compactStarted) / 1_000_000;
          return new Result(reference, nodes[0], edges[0], nodes[1], edges[1], compactMillis);
        });
  }

  /** Bytes the store's folder takes on disk. */
  public static long diskSize(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(ExpirySweep::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // a file RocksDB deleted while we walked
    }
  }

  /** Scans one namespace of merged records; returns {scanned, deleted}. */
  private static <T> long[] sweep(
      RocksDB db,
      byte namespace,
      Function<byte[], T> decode,
      Function<T, Records.Upsert> records,
      BiPredicate<T, Instant> expired,
      Instant reference)
      throws RocksDBException {
    long scanned = 0;
    long deleted = 0;
    WriteBatch batch = new WriteBatch();
    try (WriteOptions write = new WriteOptions();
        Scan<T> elements = Scan.wholeNamespace(db, namespace, decode)) {
      while (elements.hasNext()) {
        T element = elements.next();
        scanned++;
        if (!expired.test(element, reference)) {
          continue;
        }
        // The element's keys are those an upsert of it writes: merged record(s), recency index and window shares.
        Records.Upsert keys = records.apply(element);
        for (byte[] key : keys.mergedKeys(keys.share)) {
          batch.delete(key);
        }
        batch.deleteRange(keys.windowsPrefix, Records.end(keys.windowsPrefix));
        if (++deleted % BATCH == 0) {
          db.write(write, batch);
          batch.close();
          batch = new WriteBatch();
        }
      }
      db.write(write, batch);
    } finally {
      batch.close();
    }
    return new long[] {scanned, deleted};
  }
}
