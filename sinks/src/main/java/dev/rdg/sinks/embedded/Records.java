package dev.rdg.sinks.embedded;

import dev.rdg.model.CoderBytes;
import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import dev.rdg.sinks.WindowShares;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The store's records: keys and values. A key is a one-byte namespace, then a {@link Keys} string in UTF-8,
 * so the records of one kind are one key range and an element's records one prefix:
 *
 * <pre>
 *   N type|id                                   → Node, merged over its windows (window null)
 *   n type|id|window                            → Observations of that window
 *   E srcType|srcId|edgeType|dstType|dstId      → Edge, merged (forward adjacency: out-edges of src)
 *   R dstType|dstId|edgeType|srcType|srcId      → the same Edge (reverse adjacency: in-edges of dst)
 *   e srcType|srcId|edgeType|dstType|dstId|window → Observations of that window
 *   L srcType|srcId|·T·edgeType|dstType|dstId   → the same Edge (out-edges of src, most recently seen first)
 *   l dstType|dstId|·T·edgeType|srcType|srcId   → the same Edge (in-edges of dst, most recently seen first)
 *   # format                                    → the layout's version, {@value #FORMAT} (see StoreFormat)
 *   # newest                                    → the greatest last seen ever upserted (8 bytes, millis)
 *   # retention                                 → the graph's retention policy (UTF-8 JSON), see putMetadata
 * </pre>
 *
 * <p>A window is {@code start/end} in ISO-8601 UTC, or {@code unwindowed} for an upsert without one. Values
 * are the model's coders' bytes. {@code T} is the merged record's last seen as 8 big-endian bytes ordered
 * latest first ({@code Long.MAX_VALUE − millis} for times after 1970), so a traversal keeping a hub's latest
 * edges reads those and stops, instead of reading all of them to sort: the recency index, kept by every
 * upsert, which moves an edge's {@code L}/{@code l} keys when its last seen moves.
 */
final class Records {
  static final byte NODE = 'N';
  static final byte NODE_WINDOW = 'n';
  static final byte OUT_EDGE = 'E';
  static final byte IN_EDGE = 'R';
  static final byte EDGE_WINDOW = 'e';
  static final byte OUT_LATEST = 'L';
  static final byte IN_LATEST = 'l';
  static final byte META = '#';
  /** The layout described above; stores without a format key are format 1 (no L, l and newest keys). */
  static final int FORMAT = 2;
  static final byte[] FORMAT_KEY = metadataKey("format");
  static final byte[] NEWEST_KEY = metadataKey("newest");

  private Records() {}

  /** The key range of one namespace. */
  static byte[] namespace(byte namespace) {
    return new byte[] {namespace};
  }

  /** The keys of {@code namespace} that start with {@code components}. */
  static byte[] prefix(byte namespace, String... components) {
    return withNamespace(namespace, Keys.prefix(components));
  }

  static byte[] nodeKey(NodeRef ref) {
    return withNamespace(NODE, ref.key());
  }

  /** The key of one record about the graph itself (format, newest time, retention policy). */
  static byte[] metadataKey(String name) {
    return withNamespace(META, name);
  }

  /** The first key after every key that starts with {@code prefix} (whose last byte is never 0xFF). */
  static byte[] end(byte[] prefix) {
    byte[] end = prefix.clone();
    end[end.length - 1]++;
    return end;
  }

  /** The identity of a node, as the first components of its keys. */
  static String[] components(NodeRef ref) {
    return new String[] {ref.type(), ref.id()};
  }

  /**
   * Where the latest-first adjacency of {@code ref} in {@code namespace} ({@link #OUT_LATEST} or
   * {@link #IN_LATEST}) reaches the edges last seen before {@code since}: the exclusive end of a scan.
   */
  static byte[] latestEnd(byte namespace, NodeRef ref, Instant since) {
    return latestKey(namespace, components(ref), since.getMillis() - 1, new byte[0]);
  }

  /** An edge's keys in the latest-first adjacency of its source and of its destination. */
  static List<byte[]> latestKeys(EdgeRef ref, Instant lastSeen) {
    return List.of(latestKey(OUT_LATEST, forward(ref), lastSeen), latestKey(IN_LATEST, reverse(ref), lastSeen));
  }

  static byte[] encodeTime(Instant time) {
    return ByteBuffer.allocate(Long.BYTES).putLong(time.getMillis()).array();
  }

  static Instant time(byte[] value) {
    return new Instant(ByteBuffer.wrap(value).getLong());
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static Node node(byte[] value) {
    return decode(Node.NodeCoder.of(), value);
  }

  static Edge edge(byte[] value) {
    return decode(Edge.EdgeCoder.of(), value);
  }

  static Observations observations(byte[] value) {
    return decode(Observations.ObservationsCoder.of(), value);
  }

  static byte[] encode(Observations seen) {
    return encode(Observations.ObservationsCoder.of(), seen);
  }

  /** A node's merged record. */
  static byte[] encode(Node node) {
    return encode(Node.NodeCoder.of(), node);
  }

  private static String[] forward(EdgeRef ref) {
    return new String[] {ref.src().type(), ref.src().id(), ref.type(), ref.dst().type(), ref.dst().id()};
  }

  private static String[] reverse(EdgeRef ref) {
    return new String[] {ref.dst().type(), ref.dst().id(), ref.type(), ref.src().type(), ref.src().id()};
  }

  /** {@code components}: the node whose adjacency it is, then the edge's type and other end. */
  private static byte[] latestKey(byte namespace, String[] components, Instant lastSeen) {
    byte[] rest = Keys.encode(Arrays.copyOfRange(components, 2, 5)).getBytes(StandardCharsets.UTF_8);
    return latestKey(namespace, components, lastSeen.getMillis(), rest);
  }

  private static byte[] latestKey(byte namespace, String[] components, long lastSeenMillis, byte[] rest) {
    byte[] node = prefix(namespace, components[0], components[1]);
    // XOR with MAX_VALUE: Long.MAX_VALUE − millis from 1970 on, and still latest first in unsigned byte order
    // for earlier times.
    return ByteBuffer.allocate(node.length + Long.BYTES + rest.length)
        .put(node).putLong(lastSeenMillis ^ Long.MAX_VALUE).put(rest).array();
  }

  private static byte[] key(byte namespace, String[] components, String last) {
    String[] all = Arrays.copyOf(components, components.length + 1);
    all[components.length] = last;
    return withNamespace(namespace, Keys.encode(all));
  }

  private static byte[] withNamespace(byte namespace, String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[utf8.length + 1];
    bytes[0] = namespace;
    System.arraycopy(utf8, 0, bytes, 1, utf8.length);
    return bytes;
  }

  private static <T> byte[] encode(Coder<T> coder, T value) {
    return CoderBytes.encode(coder, value);
  }

  private static <T> T decode(Coder<T> coder, byte[] bytes) {
    return CoderBytes.decode(coder, bytes, "record in the embedded store");
  }

  /** One upsert as the store writes it: its window's share, and where the element's records are. */
  static final class Upsert {
    final Observations share;
    final byte[] windowKey;
    final byte[] windowsPrefix;
    /** Where the merged record is read from. */
    final byte[] mergedKey;

    /**
     * Where a merged record goes: one key for a node; for an edge its forward and reverse key and its keys
     * in the recency index, which depend on the record's last seen.
     */
    private final Function<Observations, List<byte[]>> mergedKeys;
    private final Function<Observations, byte[]> mergedValue;
    private final Function<byte[], Observations> mergedSeen;

    private Upsert(
        Observations share,
        byte namespace,
        String[] identity,
        @Nullable IntervalWindow window,
        byte[] mergedKey,
        Function<Observations, List<byte[]>> mergedKeys,
        Function<Observations, byte[]> mergedValue,
        Function<byte[], Observations> mergedSeen) {
      this.share = share;
      this.windowKey = key(namespace, identity, WindowShares.label(window));
      this.windowsPrefix = prefix(namespace, identity);
      this.mergedKey = mergedKey;
      this.mergedKeys = mergedKeys;
      this.mergedValue = mergedValue;
      this.mergedSeen = mergedSeen;
    }

    static Upsert of(Node node) {
      NodeRef ref = node.ref();
      byte[] key = nodeKey(ref);
      return new Upsert(
          node.seen(), NODE_WINDOW, components(ref), node.window(), key, merged -> List.of(key),
          merged -> encode(Node.of(ref, merged, null)),
          value -> node(value).seen());
    }

    static Upsert of(Edge edge) {
      EdgeRef ref = edge.ref();
      byte[] out = withNamespace(OUT_EDGE, Keys.encode(forward(ref)));
      byte[] in = withNamespace(IN_EDGE, Keys.encode(reverse(ref)));
      return new Upsert(
          edge.seen(), EDGE_WINDOW, forward(ref), edge.window(), out,
          merged -> {
            List<byte[]> latest = latestKeys(ref, merged.lastSeen());
            return List.of(out, in, latest.get(0), latest.get(1));
          },
          merged -> encode(Edge.EdgeCoder.of(), Edge.of(ref, merged, null)),
          value -> edge(value).seen());
    }

    /** The keys {@code merged} is stored under. */
    List<byte[]> mergedKeys(Observations merged) {
      return mergedKeys.apply(merged);
    }

    /** The value of the merged record. */
    byte[] mergedValue(Observations merged) {
      return mergedValue.apply(merged);
    }

    /** What a merged record's value says of the element. */
    Observations mergedSeen(byte[] value) {
      return mergedSeen.apply(value);
    }
  }
}
