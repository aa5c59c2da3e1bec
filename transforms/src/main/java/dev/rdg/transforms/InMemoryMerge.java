package dev.rdg.transforms;

import dev.rdg.model.ElementRef;
import dev.rdg.model.GraphMutation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * The merge {@link CoalesceUpdates} does in memory, before the shuffle: the assertions of each element and
 * window a step sees, merged into one {@link Sightings}, at most {@code maxElements} elements of at most
 * {@code maxEvents} events at a time. Heartbeats repeat the same few elements, so most assertions never
 * leave the step. One instance per DoFn instance and bundle; not thread-safe.
 *
 * <pre>{@code
 * if (merge.observe(event.mutations(), eventKey, window)) {
 *   merge.handOn((ref, sightings, window) -> ...);   // full: hand everything on
 * }
 * }</pre>
 */
final class InMemoryMerge {
  private final int maxElements;
  private final int maxEvents;
  private final Map<Held, Sightings> pending = new HashMap<>();
  private int heldEvents;

  InMemoryMerge(int maxElements, int maxEvents) {
    this.maxElements = maxElements;
    this.maxEvents = maxEvents;
  }

  /** Where held elements go, each into its own window. */
  interface HandOn {
    void accept(ElementRef ref, Sightings sightings, BoundedWindow window);
  }

  /** Merges the assertions of a mapped event in {@code window}; true when the merge is full. */
  boolean observe(List<GraphMutation> mutations, long eventKey, BoundedWindow window) {
    for (int i = 0; i < mutations.size(); i++) {
      GraphMutation mutation = mutations.get(i);
      pending.computeIfAbsent(new Held(ElementRef.of(mutation), window), held -> new Sightings())
          .observe(mutation, eventKey, i == 0);
    }
    heldEvents++;
    return pending.size() >= maxElements || heldEvents >= maxEvents;
  }

  /**
   * Hands on everything held and empties the merge; returns the redeliveries the merging removed (the
   * copies are removed in place, so they are not encoded).
   */
  long handOn(HandOn to) {
    long redeliveries = 0;
    for (Map.Entry<Held, Sightings> held : pending.entrySet()) {
      Sightings seen = held.getValue();
      redeliveries += seen.takeRedeliveries();
      to.accept(held.getKey().ref, seen, held.getKey().window);
    }
    pending.clear();
    heldEvents = 0;
    return redeliveries;
  }

  /** An element in a window: what is merged in memory; its hash computed once, spread over all bits. */
  private static final class Held {
    private final ElementRef ref;
    private final BoundedWindow window;
    private final int hash;

    Held(ElementRef ref, BoundedWindow window) {
      this.ref = ref;
      this.window = window;
      int h = ref.hashCode() * 0x9E3779B9 + window.hashCode();
      h ^= h >>> 16;
      h *= 0x85EBCA6B;
      h ^= h >>> 13;
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Held
          && ((Held) other).hash == hash
          && ((Held) other).ref.equals(ref)
          && ((Held) other).window.equals(window);
    }
  }
}
