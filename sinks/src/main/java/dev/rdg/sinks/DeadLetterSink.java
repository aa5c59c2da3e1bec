package dev.rdg.sinks;

import dev.rdg.model.DeadLetter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A {@link GraphSink} that also takes the dead letters, so a deployment that publishes its graph somewhere
 * (Kafka topics) publishes the events it could not map next to it. The ingest pipeline hands the dead
 * letters to every sink that implements this, in addition to the dead-letter file.
 *
 * <pre>{@code
 * if (sink instanceof DeadLetterSink) {
 *   deadLetters.apply("PublishDeadLetters", ((DeadLetterSink) sink).writeDeadLetters());
 * }
 * }</pre>
 */
public interface DeadLetterSink extends GraphSink {
  /** Writes the dead letters; outputs those it could not write, as {@link GraphSink}'s writes do. */
  PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> writeDeadLetters();
}
