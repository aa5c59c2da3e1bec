package dev.rdg.sinks.embedded;

import dev.rdg.model.Edge;
import dev.rdg.model.EdgeRef;
import dev.rdg.model.Keys;
import dev.rdg.model.Node;
import dev.rdg.model.NodeRef;
import dev.rdg.model.Observations;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.checkerframework.checker.nullness.qual.Nullable;

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
 *   M name                                      → metadata of the graph (its retention policy), UTF-8 text
 * </pre>
 *
 * <p>A window is {@code start/end} in ISO-8601 UTC, or {@code unwindowed} for an upsert without one. Values
 * are the model's coders' bytes.
 */
final class Records {
  static final byte NODE = 'N';
  static final byte NODE_WINDOW = 'n';
  static final byte OUT_EDGE = 'E';
  static final byte IN_EDGE = 'R';
  static final byte EDGE_WINDOW = 'e';
  static final byte METADATA = 'M';

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

  static byte[] metadataKey(String name) {
    return withNamespace(METADATA, name);
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

  private static String[] forward(EdgeRef ref) {
    return new String[] {ref.src().type(), ref.src().id(), ref.type(), ref.dst().type(), ref.dst().id()};
  }

  private static String[] reverse(EdgeRef ref) {
    return new String[] {ref.dst().type(), ref.dst().id(), ref.type(), ref.src().type(), ref.src().id()};
  }

  private static String window(@Nullable IntervalWindow window) {
    return window == null ? "unwindowed" : window.start() + "/" + window.end();
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
    try {
      return CoderUtils.encodeToByteArray(coder, value);
    } catch (CoderException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T decode(Coder<T> coder, byte[] bytes) {
    try {
      return CoderUtils.decodeFromByteArray(coder, bytes);
    } catch (CoderException e) {
      throw new UncheckedIOException("corrupt record in the embedded store", e);
    }
  }

  /** One upsert as the store writes it: its window's share, and where the element's records are. */
  static final class Upsert {
    final Observations share;
    final byte[] windowKey;
    final byte[] windowsPrefix;
    /** Where the merged record goes: one key for a node, the forward and reverse key for an edge. */
    final List<byte[]> mergedKeys;

    private final Function<Observations, byte[]> mergedValue;
    private final Function<byte[], Observations> mergedSeen;

    private Upsert(
        Observations share,
        byte namespace,
        String[] identity,
        @Nullable IntervalWindow window,
        List<byte[]> mergedKeys,
        Function<Observations, byte[]> mergedValue,
        Function<byte[], Observations> mergedSeen) {
      this.share = share;
      this.windowKey = key(namespace, identity, window(window));
      this.windowsPrefix = prefix(namespace, identity);
      this.mergedKeys = mergedKeys;
      this.mergedValue = mergedValue;
      this.mergedSeen = mergedSeen;
    }

    static Upsert of(Node node) {
      NodeRef ref = node.ref();
      return new Upsert(
          node.seen(), NODE_WINDOW, components(ref), node.window(), List.of(nodeKey(ref)),
          merged -> encode(Node.NodeCoder.of(), Node.of(ref, merged, null)),
          value -> node(value).seen());
    }

    static Upsert of(Edge edge) {
      EdgeRef ref = edge.ref();
      return new Upsert(
          edge.seen(), EDGE_WINDOW, forward(ref), edge.window(),
          List.of(withNamespace(OUT_EDGE, Keys.encode(forward(ref))),
              withNamespace(IN_EDGE, Keys.encode(reverse(ref)))),
          merged -> encode(Edge.EdgeCoder.of(), Edge.of(ref, merged, null)),
          value -> edge(value).seen());
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
