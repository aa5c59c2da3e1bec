package dev.rdg.sinks.embedded;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import org.joda.time.Instant;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of the store's layout ({@link Records#FORMAT}), checked when a process opens a folder, so a
 * store written by another build is never misread.
 *
 * <ul>
 *   <li>A new store gets the current format.
 *   <li>A format 1 store (written before the recency index, so it has no format key) is upgraded in place,
 *       once: its latest-first adjacency keys and its newest time are built from its merged edges and nodes
 *       (one pass over them; about as long as reading the whole graph once). An interrupted upgrade is
 *       redone on the next open, as the format key is written last.
 *   <li>A store of a newer format is refused with a message saying so.
 * </ul>
 */
final class StoreFormat {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFormat.class);
  private static final int BATCH = 10_000;

  private StoreFormat() {}

  /** Makes the store in {@code folder} current, or throws {@link IllegalStateException} saying why not. */
  static void check(RocksDB db, Path folder) throws RocksDBException {
    byte[] stored = db.get(Records.FORMAT_KEY);
    if (stored != null) {
      int format = Integer.parseInt(new String(stored, StandardCharsets.UTF_8));
      if (format > Records.FORMAT) {
        throw new IllegalStateException(
            "embedded store " + folder + " has format " + format + ", written by a newer rdg; this build reads "
                + "formats up to " + Records.FORMAT);
      }
      return;
    }
    if (!isEmpty(db)) {
      long began = System.nanoTime();
      long edges = upgradeFromFormat1(db);
      LOG.info(
          "embedded store {}: upgraded to format {} (recency index of {} edges, newest time) in {} s",
          folder, Records.FORMAT, edges, (System.nanoTime() - began) / 1_000_000_000);
    }
    db.put(Records.FORMAT_KEY, String.valueOf(Records.FORMAT).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isEmpty(RocksDB db) {
    try (RocksIterator cursor = db.newIterator()) {
      cursor.seekToFirst();
      return !cursor.isValid();
    }
  }

  /** Writes the recency index and the newest time; returns how many edges it indexed. */
  private static long upgradeFromFormat1(RocksDB db) throws RocksDBException {
    long edges = 0;
    long newest = Long.MIN_VALUE;
    try (WriteOptions write = new WriteOptions();
        Scan<byte[]> scan = Scan.wholeNamespace(db, Records.OUT_EDGE, Function.identity())) {
      while (scan.hasNext()) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = 0; i < BATCH && scan.hasNext(); i++, edges++) {
            byte[] value = scan.next();
            Edge edge = Records.edge(value);
            for (byte[] key : Records.latestKeys(edge.ref(), edge.seen().lastSeen())) {
              batch.put(key, value);
            }
            newest = Math.max(newest, edge.seen().lastSeen().getMillis());
          }
          db.write(write, batch);
        }
      }
      try (Scan<Node> nodes = Scan.wholeNamespace(db, Records.NODE, Records::node)) {
        while (nodes.hasNext()) {
          newest = Math.max(newest, nodes.next().seen().lastSeen().getMillis());
        }
      }
      if (newest != Long.MIN_VALUE) {
        db.put(write, Records.NEWEST_KEY, Records.encodeTime(new Instant(newest)));
      }
    }
    return edges;
  }
}
