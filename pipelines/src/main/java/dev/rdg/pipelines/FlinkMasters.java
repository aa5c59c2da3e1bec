package dev.rdg.pipelines;

import java.util.Set;
import org.apache.flink.api.java.ExecutionEnvironment;

/**
 * What a {@code --flinkMaster} names: Flink's embedded cluster in this JVM ({@code [local]},
 * {@code [collection]}, and the default {@code [auto]} unless Flink's {@code flink run} set a cluster as the
 * context) or a cluster elsewhere ({@code HOST:PORT}), whose TaskManagers need the job's jar and cannot
 * open a folder this process holds. One place decides it for staging the jar and for holding the store.
 *
 * <pre>{@code
 * if (FlinkMasters.isElsewhere(master)) { stageOwnJar(); }
 * }</pre>
 */
public final class FlinkMasters {
  private static final Set<String> EMBEDDED = Set.of("[auto]", "[local]", "[collection]");

  private FlinkMasters() {}

  /** Whether {@code master} names a cluster outside this JVM (not one of the embedded forms). */
  public static boolean isElsewhere(String master) {
    return !EMBEDDED.contains(master);
  }

  /** Whether a job for {@code master} runs its workers in this JVM. */
  static boolean runsHere(String master) {
    return "[auto]".equals(master)
        ? ExecutionEnvironment.areExplicitEnvironmentsAllowed()
        : !isElsewhere(master);
  }
}
