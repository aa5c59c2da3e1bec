package dev.rdg.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a run cost this JVM: peak resident memory and the share of its time spent collecting garbage. */
public final class ProcessStats {
  private ProcessStats() {}

  /** Peak resident set size (VmHWM) in MB, or -1 where /proc is not available. */
  public static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return -1;
  }

  /** Garbage-collection time over the JVM's uptime, 0..1. */
  public static double gcShare() {
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return gcMillis / (double) Math.max(1, ManagementFactory.getRuntimeMXBean().getUptime());
  }
}
