package dev.rdg.io;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import dev.rdg.mapping.SourceMapping;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.Compression;
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
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.io.ByteStreams;

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
  /** Bytes per range: small enough to spread a file over the workers, large enough to be few. */
  static final long RANGE_BYTES = 4L << 20;

  private final List<String> patterns;
  private final Mapping mapping;
  private final long rangeBytes;

  private ReadEventFiles(List<String> patterns, Mapping mapping, long rangeBytes) {
    this.patterns = patterns;
    this.mapping = mapping;
    this.rangeBytes = rangeBytes;
  }

  /** Reads every file matching any of the glob patterns; a pattern that matches nothing fails the job. */
  public static ReadEventFiles matching(List<String> patterns) {
    if (patterns == null
        || patterns.isEmpty()
        || patterns.stream().anyMatch(p -> p == null || p.isBlank())) {
      throw new IllegalArgumentException("ReadEventFiles needs at least one non-blank file pattern");
    }
    return new ReadEventFiles(List.copyOf(patterns), null, RANGE_BYTES);
  }

  /** The mapping that says which source owns each file. */
  public ReadEventFiles withMapping(Mapping mapping) {
    if (mapping == null) {
      throw new IllegalArgumentException("withMapping() needs a mapping");
    }
    return new ReadEventFiles(patterns, mapping, rangeBytes);
  }

  /** Cuts plain-text files into ranges of about {@code rangeBytes} (tests use small ones). */
  ReadEventFiles withRangeBytes(long rangeBytes) {
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be >= 1, but was " + rangeBytes);
    }
    return new ReadEventFiles(patterns, mapping, rangeBytes);
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
        // One worker would read a whole file (and map its events) if files were the unit of work; cutting
        // them into line-aligned ranges spreads reading and mapping over every worker, while shuffling
        // only the few ranges, not the events.
        .apply("SplitFiles", ParDo.of(new SplitFileFn(mapping, rangeBytes)))
        .setCoder(LineRange.LineRangeCoder.of())
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadRanges", ParDo.of(new ReadRangeFn()))
        .setCoder(RawEvent.RawEventCoder.of());
  }

  /**
   * Cuts a plain-text file into ranges of about {@code rangeBytes}, each starting at a line, and numbers
   * each range's first line, so every line keeps its 1-based line number wherever it is read. It reads
   * the file once for that (counting newlines only, far cheaper than parsing it). A compressed or Avro
   * file, or one its file system cannot seek in, is one range: it can only be read from its start.
   */
  static final class SplitFileFn extends DoFn<FileIO.ReadableFile, LineRange> {
    private final Mapping mapping;
    private final long rangeBytes;

    SplitFileFn(Mapping mapping, long rangeBytes) {
      this.mapping = mapping;
      this.rangeBytes = rangeBytes;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file, OutputReceiver<LineRange> out)
        throws IOException {
      String source = mapping.sourceForFile(file.getMetadata().resourceId().getFilename());
      SourceMapping.Format format =
          mapping.source(source).map(SourceMapping::format).orElse(SourceMapping.Format.JSONL);
      boolean skipHeader = mapping.source(source).map(SourceMapping::skipsHeader).orElse(false);
      if (format == SourceMapping.Format.AVRO
          || file.getCompression() != Compression.UNCOMPRESSED
          || !file.getMetadata().isReadSeekEfficient()) {
        out.output(LineRange.wholeFile(file, source, format, skipHeader));
        return;
      }
      long rangeStart = 0;
      long rangeFirstLine = 1;
      long offset = 0;
      long lines = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = Channels.newInputStream(file.open())) {
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
          int at = 0;
          while (at < read) {
            // No newline before the range's last byte ends it: count those eight bytes at a time.
            int uncut = (int) Math.max(at, Math.min(read, rangeStart + rangeBytes - 1 - offset));
            lines += Newlines.count(buffer, at, uncut);
            at = uncut;
            while (at < read && buffer[at] != '\n') {
              at++;
            }
            if (at < read) {
              lines++;
              long nextLineStart = offset + ++at;
              out.output(
                  LineRange.of(file, source, format, skipHeader, rangeStart, nextLineStart, rangeFirstLine));
              rangeStart = nextLineStart;
              rangeFirstLine = lines + 1;
            }
          }
          offset += read;
        }
      }
      if (offset > rangeStart || offset == 0) {
        out.output(LineRange.of(file, source, format, skipHeader, rangeStart, offset, rangeFirstLine));
      }
    }
  }

  /**
   * Emits the events of one range as raw events of the file's source, in the source's format: each
   * non-blank line (JSON Lines, CSV after the header), or each record of an Avro container file (as its
   * JSON form, positioned by its 1-based record number). Lines are kept as bytes, so input that is not
   * UTF-8 reaches the dead letters unchanged.
   */
  static final class ReadRangeFn extends DoFn<LineRange, RawEvent> {
    @ProcessElement
    public void processElement(@Element LineRange range, OutputReceiver<RawEvent> out) throws IOException {
      FileIO.ReadableFile file = range.file();
      String origin = file.getMetadata().resourceId().toString();
      if (range.format() == SourceMapping.Format.AVRO) {
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()))) {
          readAvro(in, range.source(), origin, out);
        }
        return;
      }
      try (InputStream in = open(range)) {
        readLines(in, range, origin, out);
      }
    }

    private static InputStream open(LineRange range) throws IOException {
      if (range.isWholeFile()) {
        return Channels.newInputStream(range.file().open());
      }
      SeekableByteChannel channel = range.file().openSeekable();
      channel.position(range.start());
      return ByteStreams.limit(Channels.newInputStream(channel), range.end() - range.start());
    }

    private static void readLines(
        InputStream in, LineRange range, String origin, OutputReceiver<RawEvent> out) throws IOException {
      byte[] buffer = new byte[1 << 16];
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long lineNumber = range.firstLine();
      for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
        int lineStart = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line.write(buffer, lineStart, i - lineStart);
            emit(line, lineNumber++, range, origin, out);
            lineStart = i + 1;
          }
        }
        line.write(buffer, lineStart, read - lineStart);
      }
      if (line.size() > 0) {
        emit(line, lineNumber, range, origin, out);
      }
    }

    private static void emit(
        ByteArrayOutputStream line,
        long lineNumber,
        LineRange range,
        String origin,
        OutputReceiver<RawEvent> out) {
      byte[] bytes = line.toByteArray();
      line.reset();
      int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
      if ((lineNumber == 1 && range.skipHeader()) || isBlank(bytes, length)) {
        return;
      }
      byte[] payload = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
      out.output(RawEvent.of(range.source(), payload, origin, lineNumber));
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
