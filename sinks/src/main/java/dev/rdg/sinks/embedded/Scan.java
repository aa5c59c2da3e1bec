package dev.rdg.sinks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The records under one key prefix (and before an end key, if given), decoded lazily in key order. The
 * RocksDB iterator is native memory and pins the data it reads, so it is closed as soon as the scan is
 * exhausted, or by its store.
 */
final class Scan<T> implements Iterator<T>, AutoCloseable {
  private final RocksIterator cursor;
  private final byte[] prefix;
  private final byte @Nullable [] end;
  private final Function<byte[], T> decode;
  private final Consumer<Scan<?>> onClose;
  private boolean open = true;

  Scan(RocksIterator cursor, byte[] prefix, Function<byte[], T> decode, Consumer<Scan<?>> onClose) {
    this(cursor, prefix, null, decode, onClose);
  }

  /** Every record of one namespace, for maintenance that reads the database directly; closed by the caller. */
  static <T> Scan<T> wholeNamespace(RocksDB db, byte namespace, Function<byte[], T> decode) {
    return new Scan<>(db.newIterator(), Records.namespace(namespace), decode, scan -> {});
  }

  /** {@code end}: the first key not to read, or null to read the whole prefix. */
  Scan(
      RocksIterator cursor,
      byte[] prefix,
      byte @Nullable [] end,
      Function<byte[], T> decode,
      Consumer<Scan<?>> onClose) {
    this.cursor = cursor;
    this.prefix = prefix;
    this.end = end;
    this.decode = decode;
    this.onClose = onClose;
    cursor.seek(prefix);
  }

  @Override
  public boolean hasNext() {
    if (!open) {
      return false;
    }
    if (cursor.isValid()) {
      byte[] key = cursor.key();
      if (Records.startsWith(key, prefix) && (end == null || Arrays.compareUnsigned(key, end) < 0)) {
        return true;
      }
    }
    try {
      cursor.status();
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("embedded store: scan failed: " + e.getMessage(), e));
    } finally {
      close();
    }
    return false;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T value = decode.apply(cursor.value());
    cursor.next();
    return value;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      cursor.close();
      onClose.accept(this);
    }
  }
}
