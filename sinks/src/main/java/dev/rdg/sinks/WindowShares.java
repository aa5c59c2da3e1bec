package dev.rdg.sinks;

import dev.rdg.model.Observations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What each event-time window saw of one node or edge, as a store that is not the embedded one keeps it
 * beside the merged record: writing a window again replaces its share, and the merged record is the
 * {@link Observations#merge} of every share, so replays and later panes never add a window twice.
 *
 * <p>Stores keep the shares as the bytes of {@link #encode()}, which hold the properties' stamps exactly,
 * and read back {@link #merged()} from them, so every sink's export equals the embedded store's.
 *
 * <pre>{@code
 * WindowShares shares = WindowShares.decode(stored).with(WindowShares.label(node.window()), node.seen());
 * store(shares.encode(), shares.merged());
 * }</pre>
 */
public final class WindowShares {
  private static final WindowShares EMPTY = new WindowShares(new TreeMap<>());

  private final SortedMap<String, Observations> byWindow;

  private WindowShares(SortedMap<String, Observations> byWindow) {
    this.byWindow = Collections.unmodifiableSortedMap(byWindow);
  }

  /** No window yet. */
  public static WindowShares empty() {
    return EMPTY;
  }

  /** The label a window's share is stored under: {@code start/end} in ISO-8601 UTC, or {@code unwindowed}. */
  public static String label(@Nullable IntervalWindow window) {
    return window == null ? "unwindowed" : window.start() + "/" + window.end();
  }

  /**
   * These shares with {@code window}'s share replaced by (or set to) {@code share}; unchanged when the stored
   * share has more events: panes accumulate, so that one is a later pane and {@code share} an earlier pane
   * handed over after it (the embedded store keeps the same rule).
   */
  public WindowShares with(String window, Observations share) {
    Observations stored = byWindow.get(window);
    if (stored != null && share.count() < stored.count()) {
      return this;
    }
    SortedMap<String, Observations> next = new TreeMap<>(byWindow);
    next.put(window, share);
    return new WindowShares(next);
  }

  /** The record over all windows: min first seen, max last seen, counts summed, properties merged. */
  public Observations merged() {
    if (byWindow.isEmpty()) {
      throw new IllegalStateException("no window share to merge");
    }
    Observations merged = null;
    for (Observations share : byWindow.values()) {
      merged = merged == null ? share : merged.merge(share);
    }
    return merged;
  }

  /** The shares as bytes: the count, then each window label and its {@link Observations} coder bytes. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VarIntCoder.of().encode(byWindow.size(), out);
      for (Map.Entry<String, Observations> share : byWindow.entrySet()) {
        StringUtf8Coder.of().encode(share.getKey(), out);
        Observations.ObservationsCoder.of().encode(share.getValue(), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The shares {@link #encode()} wrote; {@code null} (a record without shares) is {@link #empty()}. */
  public static WindowShares decode(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length == 0) {
      return EMPTY;
    }
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    SortedMap<String, Observations> byWindow = new TreeMap<>();
    try {
      int size = VarIntCoder.of().decode(in);
      for (int i = 0; i < size; i++) {
        byWindow.put(StringUtf8Coder.of().decode(in), Observations.ObservationsCoder.of().decode(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt window shares", e);
    }
    return new WindowShares(byWindow);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowShares && byWindow.equals(((WindowShares) o).byWindow);
  }

  @Override
  public int hashCode() {
    return byWindow.hashCode();
  }

  @Override
  public String toString() {
    return byWindow.toString();
  }
}
