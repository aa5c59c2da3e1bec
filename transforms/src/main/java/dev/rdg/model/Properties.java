package dev.rdg.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * The properties of a node or edge, each value stamped with the event time that set it.
 *
 * <p>Sources assert different properties of the same element (logins know an account's country, billing
 * its plan), so properties merge per name, last write wins: the value with the later stamp, ties broken by
 * the value itself, so merging is commutative, associative and idempotent and any runner, any order of
 * panes and any replay gives the same result. Values are strings, longs, doubles or booleans.
 */
@DefaultCoder(Properties.PropertiesCoder.class)
public final class Properties {
  private static final Properties EMPTY = new Properties(new TreeMap<>());

  private final SortedMap<String, Stamped> entries;

  private Properties(SortedMap<String, Stamped> entries) {
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  public static Properties empty() {
    return EMPTY;
  }

  /** Properties with every value stamped {@code asOf}; values must be String, Long, Double or Boolean. */
  public static Properties of(Map<String, ?> values, Instant asOf) {
    if (values.isEmpty()) {
      return EMPTY;
    }
    SortedMap<String, Stamped> entries = new TreeMap<>();
    values.forEach((name, value) -> entries.put(name, new Stamped(checkValue(name, value), asOf)));
    return new Properties(entries);
  }

  /** The values by name, sorted by name. */
  public SortedMap<String, Object> values() {
    SortedMap<String, Object> values = new TreeMap<>();
    entries.forEach((name, stamped) -> values.put(name, stamped.value));
    return values;
  }

  /** The event time that set each value, by name: what a sink storing properties outside Beam keeps. */
  public SortedMap<String, Instant> stamps() {
    SortedMap<String, Instant> stamps = new TreeMap<>();
    entries.forEach((name, stamped) -> stamps.put(name, stamped.asOf));
    return stamps;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Per name, the later of the two values (ties: the larger value). */
  public Properties merge(Properties other) {
    if (other.entries.isEmpty()) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    // Most merges keep one side whole (a heartbeat's newer position): no new map then.
    if (winsEverywhere(other, this)) {
      return other;
    }
    if (winsEverywhere(this, other)) {
      return this;
    }
    SortedMap<String, Stamped> merged = new TreeMap<>(entries);
    other.entries.forEach((name, stamped) -> merged.merge(name, stamped, Stamped::later));
    return new Properties(merged);
  }

  /** Whether merging {@code loser} into {@code winner} gives {@code winner}: it has every name, each winning. */
  private static boolean winsEverywhere(Properties winner, Properties loser) {
    if (winner.entries.size() < loser.entries.size()) {
      return false;
    }
    for (Map.Entry<String, Stamped> entry : loser.entries.entrySet()) {
      Stamped kept = winner.entries.get(entry.getKey());
      if (kept == null || Stamped.later(kept, entry.getValue()) != kept) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Properties && entries.equals(((Properties) o).entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return values().toString();
  }

  private static Object checkValue(String name, Object value) {
    if (value instanceof Integer) {
      return ((Integer) value).longValue();
    }
    if (value instanceof String || value instanceof Long || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "property '" + name + "' has unsupported value type "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  private static final class Stamped {
    final Object value;
    final Instant asOf;

    Stamped(Object value, Instant asOf) {
      this.value = value;
      this.asOf = asOf;
    }

    static Stamped later(Stamped a, Stamped b) {
      int byTime = a.asOf.compareTo(b.asOf);
      if (byTime != 0) {
        return byTime > 0 ? a : b;
      }
      return compareValues(a.value, b.value) >= 0 ? a : b;
    }

    /** Values of one type by their natural order (10 > 9), values of two types by type tag and text. */
    @SuppressWarnings("unchecked")
    private static int compareValues(Object a, Object b) {
      if (a.getClass() == b.getClass()) {
        return ((Comparable<Object>) a).compareTo(b);
      }
      return canonical(a).compareTo(canonical(b));
    }

    private static String canonical(Object value) {
      return tag(value) + String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Stamped
          && value.equals(((Stamped) o).value)
          && asOf.equals(((Stamped) o).asOf);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value, asOf);
    }
  }

  private static char tag(Object value) {
    if (value instanceof String) {
      return 'S';
    } else if (value instanceof Long) {
      return 'L';
    } else if (value instanceof Double) {
      return 'D';
    }
    return 'B';
  }

  /** Deterministic coder: entries in name order, each name, type tag, value and stamp. */
  public static final class PropertiesCoder extends AtomicCoder<Properties> {
    private static final PropertiesCoder INSTANCE = new PropertiesCoder();

    public static PropertiesCoder of() {
      return INSTANCE;
    }

    /** What makes {@code @DefaultCoder} pick this coder for {@link Properties}. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Properties.class), INSTANCE);
    }

    @Override
    public void encode(Properties value, OutputStream out) throws IOException {
      VarIntCoder.of().encode(value.entries.size(), out);
      DataOutputStream data = new DataOutputStream(out);
      for (Map.Entry<String, Stamped> entry : value.entries.entrySet()) {
        StringUtf8Coder.of().encode(entry.getKey(), out);
        Object v = entry.getValue().value;
        char tag = tag(v);
        data.writeByte(tag);
        switch (tag) {
          case 'S':
            StringUtf8Coder.of().encode((String) v, out);
            break;
          case 'L':
            data.writeLong((Long) v);
            break;
          case 'D':
            data.writeDouble((Double) v);
            break;
          default:
            data.writeBoolean((Boolean) v);
        }
        data.writeLong(entry.getValue().asOf.getMillis());
      }
      data.flush();
    }

    @Override
    public Properties decode(InputStream in) throws IOException {
      int size = VarIntCoder.of().decode(in);
      if (size == 0) {
        return EMPTY;
      }
      DataInputStream data = new DataInputStream(in);
      SortedMap<String, Stamped> entries = new TreeMap<>();
      for (int i = 0; i < size; i++) {
        String name = StringUtf8Coder.of().decode(in);
        char tag = (char) data.readByte();
        Object v;
        switch (tag) {
          case 'S':
            v = StringUtf8Coder.of().decode(in);
            break;
          case 'L':
            v = data.readLong();
            break;
          case 'D':
            v = data.readDouble();
            break;
          case 'B':
            v = data.readBoolean();
            break;
          default:
            throw new IOException("corrupt properties: unknown value tag " + (int) tag);
        }
        entries.put(name, new Stamped(v, new Instant(data.readLong())));
      }
      return new Properties(entries);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
