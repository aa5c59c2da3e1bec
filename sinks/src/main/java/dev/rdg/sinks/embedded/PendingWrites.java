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
 * One atomic batch of writes, readable before it is committed: the latest value of each key written is kept
 * here, sorted, so reads see the database as the batch will leave it, and {@link #commit} hands RocksDB
 * one {@link WriteBatch} of those writes in key order. In key order because RocksDB inserts each write
 * into its memtable's skip list, and an insert after the previous one reuses its place in the list instead
 * of searching every level again; written in the order the upserts came, the searches were a third of the
 * store's upsert time. A key written several times is written once. (RocksDB's {@code
 * WriteBatchWithIndex} reads its own writes too, but indexes each one in a native skip list of its own.)
 *
 * <pre>{@code
 * PendingWrites pending = new PendingWrites();
 * byte[] old = pending.get(db, read, key);
 * pending.put(key, merged(old));
 * pending.commit(db, write);
 * }</pre>
 */
final class PendingWrites {
  /** The value of a key the batch deletes (compared by identity). */
  private static final byte[] DELETED = new byte[0];

  private final TreeMap<byte[], byte[]> latest = new TreeMap<>(Arrays::compareUnsigned);

  void put(byte[] key, byte[] value) {
    latest.put(key, value);
  }

  void delete(byte[] key) {
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

  /** Writes the batch into the database, atomically, in key order. */
  void commit(RocksDB db, WriteOptions write) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<byte[], byte[]> written : latest.entrySet()) {
        if (written.getValue() == DELETED) {
          batch.delete(written.getKey());
        } else {
          batch.put(written.getKey(), written.getValue());
        }
      }
      db.write(write, batch);
    }
  }
}
