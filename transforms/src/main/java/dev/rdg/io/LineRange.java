package dev.rdg.io;

import com.google.auto.value.AutoValue;
import dev.rdg.mapping.SourceMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;

/**
 * A part of an event file that one worker reads: the bytes {@code [start, end)}, which begin at a line
 * whose 1-based number is {@code firstLine}, of a file owned by {@code source}; or the whole file when it
 * can only be read from its start (compressed, Avro).
 */
@AutoValue
abstract class LineRange {
  private static final long WHOLE_FILE = -1;

  abstract FileIO.ReadableFile file();

  abstract String source();

  abstract SourceMapping.Format format();

  abstract boolean skipHeader();

  abstract long start();

  abstract long end();

  abstract long firstLine();

  static LineRange of(
      FileIO.ReadableFile file,
      String source,
      SourceMapping.Format format,
      boolean skipHeader,
      long start,
      long end,
      long firstLine) {
    if (start < 0 || end < start || firstLine < 1) {
      throw new IllegalArgumentException(
          "bad range [" + start + ", " + end + ") from line " + firstLine + " of " + file);
    }
    return new AutoValue_LineRange(file, source, format, skipHeader, start, end, firstLine);
  }

  static LineRange wholeFile(
      FileIO.ReadableFile file, String source, SourceMapping.Format format, boolean skipHeader) {
    return new AutoValue_LineRange(file, source, format, skipHeader, 0, WHOLE_FILE, 1);
  }

  boolean isWholeFile() {
    return end() == WHOLE_FILE;
  }

  /** Coder of the ranges shuffled to the workers: the file's own coder, then the range. */
  static final class LineRangeCoder extends AtomicCoder<LineRange> {
    private static final LineRangeCoder INSTANCE = new LineRangeCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    static LineRangeCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LineRange range, OutputStream out) throws IOException {
      ReadableFileCoder.of().encode(range.file(), out);
      StringUtf8Coder.of().encode(range.source(), out);
      StringUtf8Coder.of().encode(range.format().name(), out);
      BooleanCoder.of().encode(range.skipHeader(), out);
      LONG.encode(range.start(), out);
      LONG.encode(range.end(), out);
      LONG.encode(range.firstLine(), out);
    }

    @Override
    public LineRange decode(InputStream in) throws IOException {
      return new AutoValue_LineRange(
          ReadableFileCoder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          SourceMapping.Format.valueOf(StringUtf8Coder.of().decode(in)),
          BooleanCoder.of().decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in));
    }
  }
}
