package dev.rdg.transforms;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rdg.model.GraphMutation;
import dev.rdg.model.Keys;
import dev.rdg.model.Observations;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * What the events of one window said about one node or edge, and which events said it: the accumulator
 * of {@link CoalesceUpdates}. Because it keeps the events (64 bits each: a hash of source and event id),
 * its count is the number of distinct events by construction, and a redelivered event, merged again,
 * changes nothing: no separate dedup step, and no shuffle of whole events to run one.
 *
 * <p>An event's identity is a 63-bit fingerprint ({@link #eventKey}; the lowest bit marks the element that
 * counts the event's redeliveries): two events of one element and window collide with odds of about
 * n²/2⁶⁴ for n events, negligible for any window a graph store would keep.
 *
 * <p>Mutable, so merging n assertions costs O(n log n), not O(n²): {@link #observe} and {@link #add}
 * append events, and remove duplicates in place when the buffer has doubled. Everything else only reads:
 * the count and the coder work on a de-duplicated copy when duplicates are pending, so encoding (a
 * runner's snapshot of its state) never changes the accumulator. Memory is 8 bytes per distinct event
 * of the element in the window, about twice that before duplicates are removed.
 */
final class Sightings {
  private static final long[] NONE = {};

  /**
   * First seen, last seen and latest properties of what was merged, by {@link Observations#merge}; its
   * count is not the distinct events' ({@link #observations} sets that), null while empty.
   */
  private @Nullable Observations seen;
  /** Event keys; the first {@code compacted} are sorted and distinct, the rest not yet. */
  private long[] events = NONE;

  private int size;
  private int compacted;
  /** Copies of keys this element counts the redeliveries of, removed since {@link #takeRedeliveries}. */
  private long redeliveries;

  /** An empty accumulator: no events, count 0. */
  Sightings() {}

  /**
   * The key of an event: a 64-bit fingerprint of {@code (source, eventId)}, as {@link Keys} encodes it, with
   * its lowest bit clear: {@link #observe} sets it for the one element that counts the event's redeliveries.
   */
  static long eventKey(String source, String eventId) {
    return Hashing.farmHashFingerprint64().hashString(Keys.encode(source, eventId), UTF_8).asLong() & ~1L;
  }

  /**
   * Merges one delivery's assertion into this and returns this; {@code eventKey} from {@link #eventKey}.
   * {@code countsRedeliveries} for one element of each event (its first assertion, the same in every
   * delivery): each further copy of the event's key merged into that element is one redelivery, counted
   * when the copy is removed ({@link #takeRedeliveries}), so an event's redeliveries are counted once
   * however many elements it asserts.
   */
  Sightings observe(GraphMutation mutation, long eventKey, boolean countsRedeliveries) {
    merge(mutation.observations());
    reserve(1);
    events[size++] = countsRedeliveries ? eventKey | 1 : eventKey;
    compactWhenDoubled();
    return this;
  }

  /**
   * Merges {@code other} into this and returns this; {@code other} is left as it was. Min first seen, max
   * last seen, properties merged last-write-wins, events united.
   */
  Sightings add(Sightings other) {
    if (other.size > 0) {
      merge(other.seen);
      append(other.events, other.size);
    }
    return this;
  }

  private void merge(Observations other) {
    seen = seen == null ? other : seen.merge(other);
  }

  private void append(long[] keys, int count) {
    reserve(count);
    System.arraycopy(keys, 0, events, size, count);
    size += count;
    compactWhenDoubled();
  }

  private void reserve(int more) {
    if (size + more > events.length) {
      events = Arrays.copyOf(events, Math.max(2 * events.length, size + more));
    }
  }

  /** Keeps the buffer within about twice the distinct events, at O(log n) sorts per event. */
  private void compactWhenDoubled() {
    if (size > 2 * compacted + 16) {
      compact();
    }
  }

  private void compact() {
    long marked = markedKeys(events, size);
    size = distinctPrefix(events, size);
    compacted = size;
    redeliveries += marked - markedKeys(events, size);
  }

  /** How many of the first {@code size} keys mark an event whose redeliveries this element counts. */
  private static long markedKeys(long[] keys, int size) {
    long marked = 0;
    for (int i = 0; i < size; i++) {
      marked += keys[i] & 1;
    }
    return marked;
  }

  /**
   * The redeliveries this element found since last asked (copies of the keys it counts, removed), with
   * every copy merged so far removed; resets the count. The count is not encoded: take it before handing
   * the accumulator on.
   */
  long takeRedeliveries() {
    if (compacted != size) {
      compact();
    }
    long found = redeliveries;
    redeliveries = 0;
    return found;
  }

  /** Sorts the first {@code size} keys and moves the distinct ones to the front; returns how many. */
  private static int distinctPrefix(long[] keys, int size) {
    Arrays.sort(keys, 0, size);
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (kept == 0 || keys[i] != keys[kept - 1]) {
        keys[kept++] = keys[i];
      }
    }
    return kept;
  }

  /** The distinct event keys, sorted; a copy, so reading never changes this. */
  private long[] distinctEvents() {
    long[] copy = Arrays.copyOf(events, size);
    return compacted == size ? copy : Arrays.copyOf(copy, distinctPrefix(copy, size));
  }

  /** The number of distinct events; 0 for an empty accumulator. */
  int count() {
    return compacted == size ? size : distinctEvents().length;
  }

  /** The earliest event time merged so far; not when empty. */
  Instant firstSeen() {
    return seen.firstSeen();
  }

  /** First seen, last seen, the number of distinct events and the latest properties; not when empty. */
  Observations observations() {
    return seen.withCount(count());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Sightings)) {
      return false;
    }
    Sightings that = (Sightings) o;
    return Arrays.equals(distinctEvents(), that.distinctEvents())
        && (size == 0 || observations().equals(that.observations()));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(distinctEvents());
  }

  @Override
  public String toString() {
    return size == 0 ? "Sightings{}" : "Sightings{" + observations() + "}";
  }

  /** Deterministic coder: the observations with the distinct events' count, then those events, sorted. */
  static final class SightingsCoder extends AtomicCoder<Sightings> {
    private static final SightingsCoder INSTANCE = new SightingsCoder();

    static SightingsCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Sightings value, OutputStream out) throws IOException {
      long[] events = value.distinctEvents();
      VarIntCoder.of().encode(events.length, out);
      if (events.length == 0) {
        return;
      }
      Observations.ObservationsCoder.of().encode(value.seen.withCount(events.length), out);
      // One write of all keys: the runner's stream takes single bytes slowly.
      ByteBuffer keys = ByteBuffer.allocate(events.length * Long.BYTES);
      keys.asLongBuffer().put(events);
      out.write(keys.array());
    }

    @Override
    public Sightings decode(InputStream in) throws IOException {
      Sightings value = new Sightings();
      int size = VarIntCoder.of().decode(in);
      if (size == 0) {
        return value;
      }
      value.seen = Observations.ObservationsCoder.of().decode(in);
      byte[] keys = new byte[size * Long.BYTES];
      new DataInputStream(in).readFully(keys);
      value.events = new long[size];
      ByteBuffer.wrap(keys).asLongBuffer().get(value.events);
      value.size = size;
      value.compacted = size;
      return value;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
