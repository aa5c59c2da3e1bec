package dev.rdg.io;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import dev.rdg.mapping.SourceMapping;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads event files (local runs and backfills) into raw events, each file in the format its source declares
 * (JSON Lines, CSV, Avro container files): each non-blank line or record is one event of the source that
 * owns the file (see {@link Mapping#sourceForFile}), positioned by file and 1-based line (or record) number
 * so a dead letter points at the exact input. A file no source owns is read under its base name, and
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
        // A file two patterns match would otherwise be read twice, and each of its events would count
        // as a redelivery of itself.
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
        .setCoder(RawEvent.RawEventCoder.of())
        // One file is read by one worker (line numbers need its lines in order), but mapping its events
        // (parsing JSON, the bulk of the work) should not wait for that worker: spread them over all.
        .apply("SpreadEvents", Reshuffle.viaRandomKey());
  }

  /**
   * Emits the events of one file as raw events of the file's source, in the source's format: each non-blank
   * line (JSON Lines, CSV after the header), or each record of an Avro container file (as its JSON form,
   * positioned by its 1-based record number). Lines are kept as bytes, so input that is not UTF-8 reaches
   * the dead letters unchanged.
   */
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
      SourceMapping.Format format =
          mapping.source(source).map(SourceMapping::format).orElse(SourceMapping.Format.JSONL);
      boolean skipHeader = mapping.source(source).map(SourceMapping::skipsHeader).orElse(false);
      try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()))) {
        if (format == SourceMapping.Format.AVRO) {
          readAvro(in, source, origin, out);
        } else {
          readLines(in, source, origin, skipHeader, out);
        }
      }
    }

    private static void readLines(
        InputStream in, String source, String origin, boolean skipHeader, OutputReceiver<RawEvent> out)
        throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long lineNumber = 0;
      int b;
      boolean more = true;
      while (more) {
        b = in.read();
        if (b != '\n' && b != -1) {
          line.write(b);
          continue;
        }
        more = b != -1;
        if (!more && line.size() == 0) {
          break;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if ((lineNumber == 1 && skipHeader) || isBlank(bytes, length)) {
          continue;
        }
        out.output(RawEvent.of(source, Arrays.copyOf(bytes, length), origin, lineNumber));
      }
    }

    private static boolean isBlank(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
          return false;
        }
      }
      return true;
    }

    private static void readAvro(InputStream in, String source, String origin, OutputReceiver<RawEvent> out)
        throws IOException {
      try (DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
        long recordNumber = 0;
        for (GenericRecord record : records) {
          recordNumber++;
          out.output(
              RawEvent.of(
                  source,
                  GenericData.get().toString(record).getBytes(StandardCharsets.UTF_8),
                  origin,
                  recordNumber));
        }
      }
    }
  }
}
