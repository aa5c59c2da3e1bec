package dev.rdg.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** How {@link BoundedKafkaSource#share} shares a run's records out among partitions. */
@RunWith(JUnit4.class)
public class BoundedKafkaSourceTest {
  @Test
  public void testEveryPartitionGetsItsWholeBacklogWhenTheRunReadsItAll() {
    assertThat(BoundedKafkaSource.share(111, new long[] {100, 10, 1}, false), equalTo(new long[] {100, 10, 1}));
  }

  /** 49.5, 4.95 and 0.495 of 55: the largest remainders (the second, then the first) get the two left over. */
  @Test
  public void testSharesFollowTheBacklogsAndTheLargestRemaindersGetTheRounding() {
    assertThat(BoundedKafkaSource.share(55, new long[] {100, 10, 1}, false), equalTo(new long[] {50, 5, 0}));
  }

  @Test
  public void testEqualRemaindersGoToTheFirstPartitions() {
    assertThat(BoundedKafkaSource.share(2, new long[] {5, 5, 5}, false), equalTo(new long[] {1, 1, 0}));
  }

  @Test
  public void testEmptyPartitionsGetNothing() {
    assertThat(BoundedKafkaSource.share(7, new long[] {0, 7, 0}, false), equalTo(new long[] {0, 7, 0}));
  }

  /** Fewer records than the run wants: no shares, so one reader waits for the rest from any partition. */
  @Test
  public void testTooSmallABacklogGivesNoShares() {
    assertThat(BoundedKafkaSource.share(112, new long[] {100, 10, 1}, false), nullValue());
    assertThat(BoundedKafkaSource.share(1, new long[] {}, false), nullValue());
  }

  /** Fewer records than the run wants, and it stops at the end: every partition's backlog, none if empty. */
  @Test
  public void testStopAtEndReadsEveryBacklog() {
    assertThat(BoundedKafkaSource.share(Long.MAX_VALUE, new long[] {100, 10, 1}, true), equalTo(new long[] {100, 10, 1}));
    assertThat(BoundedKafkaSource.share(55, new long[] {100, 10, 1}, true), equalTo(new long[] {50, 5, 0}));
    assertThat(BoundedKafkaSource.share(Long.MAX_VALUE, new long[] {0, 0}, true), equalTo(new long[] {0, 0}));
  }

  /** Backlogs whose product with the run's size overflows a long still share exactly. */
  @Test
  public void testHugeBacklogs() {
    long half = Long.MAX_VALUE / 2;
    assertThat(
        BoundedKafkaSource.share(Long.MAX_VALUE / 4, new long[] {half, half}, false),
        equalTo(new long[] {Long.MAX_VALUE / 8 + 1, Long.MAX_VALUE / 8}));
  }
}
