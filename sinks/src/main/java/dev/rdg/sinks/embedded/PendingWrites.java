package dev.rdg.sinks.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One atomic batch of writes, readable before it is committed: the writes go into a plain RocksDB {@link
 * WriteBatch} (appending costs next to nothing), and the latest value of each key written is kept here,
 * so reads see the database as the batch will leave it. RocksDB's {@code WriteBatchWithIndex} offers the
 * same, but indexes every write in a native skip list, a comparator call per level: about a quarter of
 * the store's upsert time.
 *
 * <pre>{@code
 * try (PendingWrites pending = new PendingWrites()) {
 *   byte[] old = pending.get(db, read, key);
 *   pending.put(key, merged(old));
 *   pending.commit(db, write);
 * }
 * }</pre>
 */
final class PendingWrites implements AutoCloseable {
  /** The value of a key the batch deletes (compared by identity). */
  private static final byte[] DELETED = new byte[0];

  private final WriteBatch batch = new WriteBatch();
  private final TreeMap<byte[], byte[]> latest = new TreeMap<>(Arrays::compareUnsigned);

  void put(byte[] key, byte[] value) throws RocksDBException {
    batch.put(key, value);
    latest.put(key, value);
  }

  void delete(byte[] key) throws RocksDBException {
    batch.delete(key);
    latest.put(key, DELETED);
  }

  /** The key's value as the batch leaves it: the batch's latest write, else the database's; null if none. */
  byte @Nullable [] get(RocksDB db, ReadOptions read, byte[] key) throws RocksDBException {
    byte[] written = latest.get(key);
    if (written != null) {
      return written == DELETED ? null : written;
    }
    return db.get(read, key);
  }

  /** The values of every key starting with {@code prefix} as the batch leaves them, in key order. */
  List<byte[]> values(RocksDB db, ReadOptions read, byte[] prefix) throws RocksDBException {
    TreeMap<byte[], byte[]> found = new TreeMap<>(Arrays::compareUnsigned);
    try (RocksIterator cursor = db.newIterator(read)) {
      for (cursor.seek(prefix); cursor.isValid() && Records.startsWith(cursor.key(), prefix); cursor.next()) {
        found.put(cursor.key(), cursor.value());
      }
      cursor.status();
    }
    for (Map.Entry<byte[], byte[]> written : latest.tailMap(prefix, true).entrySet()) {
      if (!Records.startsWith(written.getKey(), prefix)) {
        break;
      }
      if (written.getValue() == DELETED) {
        found.remove(written.getKey());
      } else {
        found.put(written.getKey(), written.getValue());
      }
    }
    return new ArrayList<>(found.values());
  }

  /** Writes the batch into the database, atomically. */
  void commit(RocksDB db, WriteOptions write) throws RocksDBException {
    db.write(write, batch);
  }

  @Override
  public void close() {
    batch.close();
  }
}
