package dev.rdg.io;

import dev.rdg.mapping.Mapping;
import dev.rdg.model.RawEvent;
import dev.rdg.mapping.SourceMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

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
        .apply("Ranges", Read.from(new EventFiles(patterns, mapping, rangeBytes)))
        .apply("ReadRanges", ParDo.of(new ReadRangeFn()))
        .setCoder(RawEvent.RawEventCoder.of());
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
      try (InputStream in = range.open()) {
        if (range.format() == SourceMapping.Format.AVRO) {
          readAvro(in, range.source(), range.origin(), out);
        } else {
          readLines(in, range, range.origin(), out);
        }
      }
    }

    private static void readLines(
        InputStream in, LineRange range, String origin, OutputReceiver<RawEvent> out) throws IOException {
      byte[] buffer = new byte[1 << 16];
      // The start of a line that continues in the next buffer.
      ByteArrayOutputStream carried = new ByteArrayOutputStream();
      long lineNumber = range.firstLine();
      for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
        int lineStart = 0;
        for (int end = newline(buffer, 0, read); end >= 0; end = newline(buffer, lineStart, read)) {
          byte[] line;
          if (carried.size() == 0) {
            line = Arrays.copyOfRange(buffer, lineStart, end);
          } else {
            carried.write(buffer, lineStart, end - lineStart);
            line = carried.toByteArray();
            carried.reset();
          }
          emit(line, lineNumber++, range, origin, out);
          lineStart = end + 1;
        }
        carried.write(buffer, lineStart, read - lineStart);
      }
      if (carried.size() > 0) {
        emit(carried.toByteArray(), lineNumber, range, origin, out);
      }
    }

    /**
     * The index of the first newline in {@code buffer[from, to)}, or -1. A method of its own, called once a
     * line, so the JIT compiles it after a few thousand lines; a loop over the whole range inside {@code
     * readLines}, called once a range, ran interpreted until compiled on stack, which some runs waited
     * seconds for while the compiler was busy (BENCHMARKS.md).
     */
    private static int newline(byte[] buffer, int from, int to) {
      for (int i = from; i < to; i++) {
        if (buffer[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static void emit(
        byte[] bytes, long lineNumber, LineRange range, String origin, OutputReceiver<RawEvent> out) {
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
