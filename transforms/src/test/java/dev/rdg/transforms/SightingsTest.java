package dev.rdg.transforms;

import static dev.rdg.testing.Fixtures.WATCHING;
import static dev.rdg.testing.Fixtures.at;
import static dev.rdg.testing.Fixtures.props;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.rdg.model.GraphMutation;
import dev.rdg.model.Observations;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link Sightings}: the count is the number of distinct events, however they are merged. */
@RunWith(JUnit4.class)
public class SightingsTest {
  /** 300 events delivered three times each, merged one by one: count 300, times and properties exact. */
  @Test
  public void testRedeliveriesMergedOneByOneCountOnce() {
    Sightings merged = new Sightings();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 300; i++) {
        merged.add(sighting("e" + i, at("19:00:00").plus(i * 100L)));
      }
    }

    assertThat(
        merged.observations(),
        equalTo(
            Observations.of(
                props(at("19:00:29.900"), "n", 299L), at("19:00:00"), at("19:00:29.900"), 300)));
  }

  /**
   * The element that counts an event's redeliveries finds every copy once, whether merged one by one or
   * as partial merges decoded from elsewhere; an element that does not count them finds none.
   */
  @Test
  public void testRedeliveriesAreTakenOnceByTheElementThatCountsThem() throws Exception {
    Sightings counting = new Sightings();
    Sightings other = new Sightings();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 300; i++) {
        counting.add(sighting("e" + i, at("19:00:00").plus(i * 100L)));
        other.add(sighting("e" + i, at("19:00:00").plus(i * 100L), false));
      }
    }
    assertThat(counting.takeRedeliveries(), equalTo(600L));
    assertThat(counting.takeRedeliveries(), equalTo(0L));
    assertThat(other.takeRedeliveries(), equalTo(0L));
    assertThat(counting.count(), equalTo(300));

    Sightings left = new Sightings();
    Sightings right = new Sightings();
    for (int i = 0; i < 50; i++) {
      left.add(sighting("e" + i, at("19:00:00").plus(i)));
      right.add(sighting("e" + (i + 25), at("19:00:00").plus(i + 25)));
    }
    left.add(CoderUtils.clone(Sightings.SightingsCoder.of(), right));
    assertThat(left.takeRedeliveries(), equalTo(25L));
    assertThat(left.count(), equalTo(75));
  }

  /**
   * Merging two partial merges that share events counts each event once, and leaves the merged-in one
   * as it was (its count and its encoding).
   */
  @Test
  public void testMergingOverlappingMergesCountsEachEventOnce() throws Exception {
    Sightings left = new Sightings();
    Sightings right = new Sightings();
    for (int i = 0; i < 50; i++) {
      left.add(sighting("e" + i, at("19:00:00").plus(i)));
      right.add(sighting("e" + (i + 25), at("19:00:00").plus(i + 25)));
    }
    byte[] rightBefore = CoderUtils.encodeToByteArray(Sightings.SightingsCoder.of(), right);

    left.add(right);

    assertThat(left.count(), equalTo(75));
    assertThat(right.count(), equalTo(50));
    assertThat(CoderUtils.encodeToByteArray(Sightings.SightingsCoder.of(), right), equalTo(rightBefore));
  }

  /** The coder keeps the distinct events: a decoded accumulator merged with a redelivery counts once. */
  @Test
  public void testCoderRoundTripKeepsEvents() throws Exception {
    Sightings seen = new Sightings().add(sighting("e1", at("19:00:05"))).add(sighting("e2", at("19:00:09")));

    Sightings decoded = CoderUtils.clone(Sightings.SightingsCoder.of(), seen);

    assertThat(decoded, equalTo(seen));
    assertThat(decoded.add(sighting("e1", at("19:00:05"))).count(), equalTo(2));
    assertThat(CoderUtils.clone(Sightings.SightingsCoder.of(), new Sightings()).count(), equalTo(0));
  }

  /** The key is a function of source and id: the same event, the same key; another source, another. */
  @Test
  public void testEventKeyNamesSourceAndId() {
    assertThat(Sightings.eventKey("playback", "e1"), equalTo(Sightings.eventKey("playback", "e1")));
    assertThat(Sightings.eventKey("playback", "e1"), not(equalTo(Sightings.eventKey("games", "e1"))));
  }

  /** The same events merged in any order encode to the same bytes: the coder is deterministic. */
  @Test
  public void testEncodingDoesNotDependOnMergeOrder() throws Exception {
    Sightings forward = new Sightings();
    Sightings backward = new Sightings();
    for (int i = 0; i < 100; i++) {
      forward.add(sighting("e" + i, at("19:00:00").plus(i)));
      backward.add(sighting("e" + (99 - i), at("19:00:00").plus(99 - i)));
      backward.add(sighting("e" + (99 - i), at("19:00:00").plus(99 - i)));
    }

    assertThat(
        CoderUtils.encodeToByteArray(Sightings.SightingsCoder.of(), backward),
        equalTo(CoderUtils.encodeToByteArray(Sightings.SightingsCoder.of(), forward)));
  }

  private static Sightings sighting(String eventId, Instant time) {
    return sighting(eventId, time, true);
  }

  private static Sightings sighting(String eventId, Instant time, boolean countsRedeliveries) {
    GraphMutation mutation =
        GraphMutation.builder()
            .setSource("playback")
            .setEventId(eventId)
            .setEventTime(time)
            .setPosition("/events/playback.jsonl:1")
            .setEdge(WATCHING)
            .setProperties(props(time, "n", Long.parseLong(eventId.substring(1))))
            .build();
    return new Sightings().observe(mutation, Sightings.eventKey("playback", eventId), countsRedeliveries);
  }
}
