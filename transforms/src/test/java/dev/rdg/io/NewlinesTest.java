package dev.rdg.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class NewlinesTest {
  /** Byte values a word-at-a-time test could confuse with a newline: its neighbours, its high-bit twin. */
  private static final byte[] TRICKY = {'\n', '\n', 0x0B, 0x09, (byte) 0x8A, 0x00, (byte) 0xFF, 0x7F, '\r', 'a'};

  @Test
  public void testCountsEveryNewlineAtAnyOffsetAndLength() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(80)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = TRICKY[random.nextInt(TRICKY.length)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      assertThat(
          "bytes " + Arrays.toString(bytes) + " [" + from + ", " + to + ")",
          Newlines.count(bytes, from, to),
          equalTo(naiveCount(bytes, from, to)));
    }
  }

  @Test
  public void testAllNewlinesAndNone() {
    byte[] newlines = new byte[67];
    Arrays.fill(newlines, (byte) '\n');
    assertThat(Newlines.count(newlines, 0, 67), equalTo(67));
    assertThat(Newlines.count(newlines, 3, 3), equalTo(0));
    byte[] none = new byte[67];
    Arrays.fill(none, (byte) 0x8A);
    assertThat(Newlines.count(none, 0, 67), equalTo(0));
  }

  private static int naiveCount(byte[] bytes, int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      count += bytes[i] == '\n' ? 1 : 0;
    }
    return count;
  }
}
