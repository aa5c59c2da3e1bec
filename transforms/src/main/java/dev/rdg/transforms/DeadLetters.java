package dev.rdg.transforms;

import dev.rdg.model.DeadLetter;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/**
 * The windowing every collection of dead letters is put in (global window, default trigger), so dead
 * letters from any step, in any window or trigger, flatten into one collection for the dead-letter file.
 *
 * <pre>{@code
 * PCollection<DeadLetter> all = PCollectionList.of(rejected.apply("Global", DeadLetters.inGlobalWindow()))
 *     .and(refused.apply("GlobalToo", DeadLetters.inGlobalWindow()))
 *     .apply(Flatten.pCollections());
 * }</pre>
 */
public final class DeadLetters {
  private DeadLetters() {}

  public static Window<DeadLetter> inGlobalWindow() {
    return Window.<DeadLetter>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }
}
