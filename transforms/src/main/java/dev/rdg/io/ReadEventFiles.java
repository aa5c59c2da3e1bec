package dev.rdg.io;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads JSON Lines files (local runs and backfills) into raw events: each non-blank line is one event of
 * the source that owns the file (see {@link Mapping#sourceForFile}), positioned by file and 1-based line
 * number so a dead letter points at the exact line. A file no source owns is read under its base name, and
 * its events become dead letters for an unknown source rather than vanishing.
 *
 * <pre>{@code
 * PCollection<RawEvent> events = pipeline.apply(
 *     ReadEventFiles.matching(List.of("events/*.jsonl")).withMapping(mapping));
 * }</pre>
 */
public final class ReadEventFiles extends PTransform<PBegin, PCollection<RawEvent>> {
  private final List<String> patterns;
  private final Mapping mapping;

  private ReadEventFiles(List<String> patterns, Mapping mapping) {
    this.patterns = patterns;
    this.mapping = mapping;
  }

  /** Reads every file matching any of the glob patterns; a pattern that matches nothing fails the job. */
  public static ReadEventFiles matching(List<String> patterns) {
    if (patterns == null
        || patterns.isEmpty()
        || patterns.stream().anyMatch(p -> p == null || p.isBlank())) {
      throw new IllegalArgumentException("ReadEventFiles needs at least one non-blank file pattern");
    }
    return new ReadEventFiles(List.copyOf(patterns), null);
  }

  /** The mapping that says which source owns each file. */
  public ReadEventFiles withMapping(Mapping mapping) {
    if (mapping == null) {
      throw new IllegalArgumentException("withMapping() needs a mapping");
    }
    return new ReadEventFiles(patterns, mapping);
  }

  @Override
  public PCollection<RawEvent> expand(PBegin input) {
    if (mapping == null) {
      throw new IllegalStateException("ReadEventFiles: withMapping() is required");
    }
    return input
        .apply("FilePatterns", Create.of(patterns))
        .apply("MatchFiles", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        // A file two patterns match would otherwise be read twice, at the same positions, which
        // DeduplicateEvents takes for one delivery: every event of it would count twice.
        // Grouping would stamp each file with the end of the global window, and every event read from it
        // would then be behind the watermark (late) downstream; keep the files' own (earliest) time.
        .apply(
            "KeepFileTimestamps",
            Window.<MatchResult.Metadata>configure().withTimestampCombiner(TimestampCombiner.EARLIEST))
        .apply(
            "ReadEachFileOnce",
            Distinct.withRepresentativeValueFn(
                    (MatchResult.Metadata file) -> file.resourceId().toString())
                .withRepresentativeType(TypeDescriptors.strings()))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadLines", ParDo.of(new ReadLinesFn(mapping)))
        .setCoder(RawEvent.RawEventCoder.of());
  }

  /** Emits each non-blank line of a file as a raw event of the file's source. */
  static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawEvent> {
    private final Mapping mapping;

    ReadLinesFn(Mapping mapping) {
      this.mapping = mapping;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<RawEvent> out)
        throws IOException {
      String fileName = file.getMetadata().resourceId().getFilename();
      String origin = file.getMetadata().resourceId().toString();
      String source = mapping.sourceForFile(fileName);
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(file.open()), StandardCharsets.UTF_8))) {
        long lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          lineNumber++;
          if (!line.isBlank()) {
            out.output(RawEvent.of(source, line.getBytes(StandardCharsets.UTF_8), origin, lineNumber));
          }
        }
      }
    }
  }
}
