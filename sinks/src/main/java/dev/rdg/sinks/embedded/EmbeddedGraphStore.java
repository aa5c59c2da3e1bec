package dev.rdg.sinks.embedded;

import dev.rdg.model.Edge;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.model.Properties;
import dev.rdg.sinks.GraphReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The embedded graph store: one folder on the local disk, a RocksDB database laid out as adjacency lists
 * (see {@code Records}), for running rdg on one machine without any server.
 *
 * <p>Per node and edge it keeps what each window saw ({@link Node#window()}) and the record merged over the
 * windows (min first seen, max last seen, count summed, properties last-write-wins). An upsert replaces its
 * window's share: replaying a window, or writing a later pane of it, leaves the merged record as if the
 * window had been written once; an earlier pane arriving after a later one (fewer events) is ignored. The merged record is maintained at write time, so reads never merge: when
 * the new share covers the old one (a replay, a later accumulating pane) it is adjusted in place, otherwise
 * merged again from all of the element's shares. Upserts without a window count as one share of their own.
 *
 * <p>Each upsert also keeps the recency index (each node's edges most recently seen first, which
 * {@link #scanOutEdgesLatestFirst} reads) and the graph's {@link #newestTime} (the greatest last seen ever
 * upserted), so neither a LATEST traversal through a hub nor the default lookback reads the whole graph.
 * The layout is versioned: a store written before the index is upgraded when first opened (see
 * {@code StoreFormat}).
 *
 * <p>Writes to one database are serialized (each reads the records it adjusts) and atomic per call; reads
 * run concurrently, and an iterator sees the store as it was when the iterator was made.
 *
 * <p>A process opens a folder once: {@link #open} hands every caller in the JVM (the many DoFn instances of
 * the DirectRunner or of Flink's MiniCluster, a test, the export) a lease on one shared database, and the
 * database closes when the last lease does. Another process holding the folder makes {@link #open} fail with
 * "in use by another process".
 *
 * <pre>{@code
 * try (EmbeddedGraphStore store = EmbeddedGraphStore.open(Paths.get("./graph"))) {
 *   store.upsertNodes(nodes);
 *   store.upsertEdges(edges);
 *   List<Edge> profiles = store.outEdges(NodeRef.of("account", "a1"));
 * }
 * }</pre>
 */
public final class EmbeddedGraphStore implements GraphReader {
  /** Open databases by real path; guarded by itself. */
  private static final Map<Path, SharedDb> OPEN = new HashMap<>();

  private final Path folder;
  private final SharedDb shared;
  private final Set<Scan<?>> scans = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private EmbeddedGraphStore(Path folder, SharedDb shared) {
    this.folder = folder;
    this.shared = shared;
  }

  /**
   * Opens the store in {@code folder}, creating it if needed, or joins the handle this JVM already has on it.
   * Close the returned store when done.
   */
  public static EmbeddedGraphStore open(Path folder) {
    Path real;
    try {
      real = Files.createDirectories(folder).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("embedded store " + folder + ": cannot create its folder: " + e, e));
    }
    synchronized (OPEN) {
      SharedDb shared = OPEN.get(real);
      if (shared == null) {
        shared = SharedDb.open(folder, real);
        OPEN.put(real, shared);
      }
      shared.users++;
      return new EmbeddedGraphStore(folder, shared);
    }
  }

  /** The folder, as given to {@link #open}. */
  public Path folder() {
    return folder;
  }

  /** Upserts the nodes in one atomic batch. */
  public void upsertNodes(List<Node> nodes) {
    upsert(nodes, List.of(), false);
  }

  /** Upserts the edges in one atomic batch; their end nodes must be upserted before. */
  public void upsertEdges(List<Edge> edges) {
    upsert(List.of(), edges, false);
  }

  /**
   * Upserts nodes and edges in one atomic batch, in any order relative to other writes. An edge's end node
   * that the store does not hold yet is written as an implied node: no window share, no properties, count
   * 0, the edge's first and last seen. Its own upsert merges into it as if it were not there, since the
   * events that assert an edge assert its end nodes in the same window (so within the node's times); until
   * then, and after a run that failed before it, the node shows with count 0. So the store never holds an
   * edge without its end nodes, and edges need not wait for the nodes.
   */
  public void upsertGraph(List<Node> nodes, List<Edge> edges) {
    upsert(nodes, edges, true);
  }

  @Override
  public Iterator<Node> nodes() {
    return scan(Records.namespace(Records.NODE), Records::node);
  }

  @Override
  public Iterator<Edge> edges() {
    return scan(Records.namespace(Records.OUT_EDGE), Records::edge);
  }

  @Override
  public Optional<Node> node(NodeRef ref) {
    checkOpen();
    try {
      return Optional.ofNullable(shared.db.get(Records.nodeKey(ref))).map(Records::node);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public List<Edge> outEdges(NodeRef ref) {
    return list(scanOutEdges(ref));
  }

  @Override
  public List<Edge> inEdges(NodeRef ref) {
    return list(scanInEdges(ref));
  }

  /** A prefix scan that decodes each edge only when asked for it; closing it releases its RocksDB iterator. */
  @Override
  public Iterator<Edge> scanOutEdges(NodeRef ref) {
    return scan(Records.prefix(Records.OUT_EDGE, Records.components(ref)), Records::edge);
  }

  @Override
  public Iterator<Edge> scanInEdges(NodeRef ref) {
    return scan(Records.prefix(Records.IN_EDGE, Records.components(ref)), Records::edge);
  }

  /** Keeps {@code value} under {@code name} with the graph (the retention policy), replacing what was there. */
  public void putMetadata(String name, String value) {
    exclusively(db -> {
      db.put(Records.metadataKey(name), value.getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  /** What {@link #putMetadata} kept under {@code name}. */
  public Optional<String> metadata(String name) {
    checkOpen();
    try {
      return Optional.ofNullable(shared.db.get(Records.metadataKey(name)))
          .map(value -> new String(value, StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /** Read from the recency index: the edges it returns and the next one, which ends the scan. */
  @Override
  public Iterator<Edge> scanOutEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return scanLatest(Records.OUT_LATEST, ref, since);
  }

  @Override
  public Iterator<Edge> scanInEdgesLatestFirst(NodeRef ref, @Nullable Instant since) {
    return scanLatest(Records.IN_LATEST, ref, since);
  }

  /**
   * Kept at write time, one read: the greatest last seen ever upserted. That is a full read's answer unless a
   * replay moved an element's last seen back (a window rewritten with other data); then it may be later.
   */
  @Override
  public Instant newestTime() {
    checkOpen();
    try {
      byte[] newest = shared.db.get(Records.NEWEST_KEY);
      return newest == null ? new Instant(Long.MIN_VALUE) : Records.time(newest);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /** Runs {@code work} on the database as its only writer: upserts, and maintenance that deletes records. */
  <T> T exclusively(DbWork<T> work) {
    checkOpen();
    synchronized (shared) {
      try {
        return work.apply(shared.db);
      } catch (RocksDBException e) {
        throw failure("write", e);
      }
    }
  }

  /** Work on the database that may fail. */
  interface DbWork<T> {
    T apply(RocksDB db) throws RocksDBException;
  }

  /** Releases this lease and its open iterators; the last lease of the JVM closes the database. */
  @Override
  public void close() {
    synchronized (OPEN) {
      if (closed) {
        return;
      }
      closed = true;
      new ArrayList<>(scans).forEach(Scan::close);
      if (--shared.users == 0) {
        OPEN.remove(shared.path);
        shared.close();
      }
    }
  }

  @Override
  public String toString() {
    return "embedded store " + folder;
  }

  private void upsert(List<Node> nodes, List<Edge> edges, boolean implyEndNodes) {
    if (nodes.isEmpty() && edges.isEmpty()) {
      checkOpen();
      return;
    }
    // One writer per database at a time: each upsert reads the records it adjusts.
    exclusively(
        db -> {
          PendingWrites batch = new PendingWrites();
          try (ReadOptions read = new ReadOptions();
              WriteOptions write = new WriteOptions()) {
            long newest = Long.MIN_VALUE;
            for (Node node : nodes) {
              newest = Math.max(newest, apply(Records.Upsert.of(node), batch, read));
            }
            for (Edge edge : edges) {
              newest = Math.max(newest, apply(Records.Upsert.of(edge), batch, read));
              if (implyEndNodes) {
                implyNode(edge.ref().src(), edge.seen(), batch, read);
                implyNode(edge.ref().dst(), edge.seen(), batch, read);
              }
            }
            raiseNewestTime(newest, batch, read);
            batch.commit(db, write);
          }
          return null;
        });
  }

  /** Writes {@code ref} as an implied node of an edge {@code seen} then, unless the store holds it. */
  private void implyNode(NodeRef ref, Observations seen, PendingWrites batch, ReadOptions read)
      throws RocksDBException {
    byte[] key = Records.nodeKey(ref);
    if (batch.get(shared.db, read, key) == null) {
      Observations implied =
          Observations.of(Properties.empty(), seen.firstSeen(), seen.lastSeen(), 1).withCount(0);
      batch.put(key, Records.encode(Node.of(ref, implied, null)));
    }
  }

  /**
   * Stores the upsert's window share and adjusts the merged record; returns the share's last seen (a share
   * that is not applied is older than one already counted). Reads go through the batch, so several
   * upserts of one element in a batch see each other.
   */
  private long apply(Records.Upsert upsert, PendingWrites batch, ReadOptions read)
      throws RocksDBException {
    byte[] oldShareValue = batch.get(shared.db, read, upsert.windowKey);
    Observations oldShare = oldShareValue == null ? null : Records.observations(oldShareValue);
    Observations share = upsert.share;
    long lastSeen = share.lastSeen().getMillis();
    if (share.equals(oldShare) || isEarlierPane(share, oldShare)) {
      return lastSeen;
    }
    batch.put(upsert.windowKey, Records.encode(share));
    byte[] mergedValue = batch.get(shared.db, read, upsert.mergedKey);
    Observations before = mergedValue == null ? null : upsert.mergedSeen(mergedValue);
    Observations merged;
    if (before == null) {
      merged = share;
    } else if (oldShare == null) {
      merged = before.merge(share);
    } else if (covers(share, oldShare)) {
      merged = before.merge(share).withCount(before.count() - oldShare.count() + share.count());
    } else {
      merged = mergeWindows(upsert.windowsPrefix, batch, read);
    }
    byte[] value = upsert.mergedValue(merged);
    List<byte[]> keys = upsert.mergedKeys(merged);
    if (before != null) {
      deleteMovedKeys(upsert.mergedKeys(before), keys, batch);
    }
    for (byte[] key : keys) {
      batch.put(key, value);
    }
    return lastSeen;
  }

  /** Deletes the keys the record had before and has no more: its recency index keys when last seen moved. */
  private static void deleteMovedKeys(List<byte[]> before, List<byte[]> after, PendingWrites batch)
      throws RocksDBException {
    for (byte[] old : before) {
      if (after.stream().noneMatch(key -> Arrays.equals(key, old))) {
        batch.delete(old);
      }
    }
  }

  /** Raises the stored newest time to {@code newestMillis} if that is later. */
  private void raiseNewestTime(long newestMillis, PendingWrites batch, ReadOptions read)
      throws RocksDBException {
    byte[] stored = batch.get(shared.db, read, Records.NEWEST_KEY);
    if (stored == null || newestMillis > Records.time(stored).getMillis()) {
      batch.put(Records.NEWEST_KEY, Records.encodeTime(new Instant(newestMillis)));
    }
  }

  /**
   * Whether {@code share} is an earlier pane of the window whose later pane {@code old} is stored: panes
   * accumulate, so a window's share only grows, but a runner may hand panes over out of order (an early
   * pane and the on-time pane both held back by {@code Wait.on}, then released together). Fewer events
   * than stored means earlier; the stale pane must not replace the later one.
   */
  private static boolean isEarlierPane(Observations share, @Nullable Observations old) {
    return old != null && share.count() < old.count();
  }

  /**
   * Whether merging {@code share} into a record makes {@code old}'s times and properties redundant: then the
   * merged record can be adjusted in place. A later pane of a window always covers the earlier one.
   */
  private static boolean covers(Observations share, Observations old) {
    return !share.firstSeen().isAfter(old.firstSeen())
        && !share.lastSeen().isBefore(old.lastSeen())
        && share.properties().merge(old.properties()).equals(share.properties());
  }

  /** The merge of every window share of one element, the batch's included. */
  private Observations mergeWindows(byte[] windowsPrefix, PendingWrites batch, ReadOptions read)
      throws RocksDBException {
    Observations merged = null;
    for (byte[] value : batch.values(shared.db, read, windowsPrefix)) {
      Observations share = Records.observations(value);
      merged = merged == null ? share : merged.merge(share);
    }
    return merged;
  }

  private Scan<Edge> scanLatest(byte namespace, NodeRef ref, @Nullable Instant since) {
    byte[] end = since == null ? null : Records.latestEnd(namespace, ref, since);
    return scan(Records.prefix(namespace, Records.components(ref)), end, Records::edge);
  }

  private <T> Scan<T> scan(byte[] prefix, Function<byte[], T> decode) {
    return scan(prefix, null, decode);
  }

  private <T> Scan<T> scan(byte[] prefix, byte @Nullable [] end, Function<byte[], T> decode) {
    checkOpen();
    Scan<T> scan = new Scan<>(shared.db.newIterator(), prefix, end, decode, scans::remove);
    scans.add(scan);
    return scan;
  }

  private static <T> List<T> list(Iterator<T> scan) {
    List<T> list = new ArrayList<>();
    scan.forEachRemaining(list::add);
    return list;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private UncheckedIOException failure(String what, RocksDBException e) {
    return new UncheckedIOException(new IOException(this + ": " + what + " failed: " + e.getMessage(), e));
  }

  /** One open database, shared by the leases of a JVM; it is also the lock of its writers. */
  private static final class SharedDb {
    final Path path;
    final RocksDB db;
    private final Options options;
    private final BloomFilter filter;
    int users;

    private SharedDb(Path path, RocksDB db, Options options, BloomFilter filter) {
      this.path = path;
      this.db = db;
      this.options = options;
      this.filter = filter;
    }

    static SharedDb open(Path folder, Path real) {
      RocksDB.loadLibrary();
      BloomFilter filter = new BloomFilter(10);
      // Every upsert first reads its window share and merged record, and on a growing graph most of them
      // are not there yet: whole-key Bloom filters, in the memtable and in every table file, answer those
      // misses without searching (a quarter of the write time of a fresh 1M-event graph).
      Options options =
          new Options()
              .setCreateIfMissing(true)
              .setMemtableWholeKeyFiltering(true)
              .setMemtablePrefixBloomSizeRatio(0.1)
              .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
      RocksDB db;
      try {
        db = RocksDB.open(options, real.toString());
      } catch (RocksDBException e) {
        options.close();
        filter.close();
        if (isLockHeld(e)) {
          throw new IllegalStateException(
              "embedded store " + folder + " is in use by another process (RocksDB lock held); stop that "
                  + "process or use another path",
              e);
        }
        throw new UncheckedIOException(
            new IOException("embedded store " + folder + ": cannot open: " + e.getMessage(), e));
      }
      try {
        StoreFormat.check(db, folder);
      } catch (RocksDBException e) {
        db.close();
        options.close();
        filter.close();
        throw new UncheckedIOException(
            new IOException("embedded store " + folder + ": cannot upgrade its format: " + e.getMessage(), e));
      } catch (RuntimeException e) {
        db.close();
        options.close();
        filter.close();
        throw e;
      }
      return new SharedDb(real, db, options, filter);
    }

    /** RocksDB's words for its LOCK file being held by another process (not by this one). */
    private static boolean isLockHeld(RocksDBException e) {
      return String.valueOf(e.getMessage()).startsWith("While lock file:");
    }

    /** Closes the database once no writer is inside it. */
    void close() {
      synchronized (this) {
        db.close();
        options.close();
        filter.close();
      }
    }
  }
}
