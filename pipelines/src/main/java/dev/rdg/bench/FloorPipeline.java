package dev.rdg.bench;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The runner's floor: the simplest Beam pipeline over the same files, reading every line and counting
 * lines per key (the line's length modulo 64). rdg's events/s is reported as a ratio of this, measured on
 * the same runner and input in the same benchmark run, so the machine and runner cancel out.
 *
 * <p>Prints one JSON object: {@code {"seconds":…,"peakRssMb":…}}.
 */
public final class FloorPipeline {
  /** Options of the floor pipeline. */
  public interface Options extends PipelineOptions {
    @Description("Glob of the input files")
    @Validation.Required
    String getInput();

    void setInput(String value);
  }

  private FloorPipeline() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadLines", TextIO.read().from(options.getInput()))
        .apply("KeyByLength", WithKeys.of((String line) -> line.length() % 64).withKeyType(TypeDescriptors.integers()))
        .apply("CountPerKey", Count.perKey());
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("{\"seconds\":%.3f,\"peakRssMb\":%d}%n", seconds, ProcessStats.peakRssMb());
  }
}
