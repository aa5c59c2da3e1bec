package dev.rdg.io;

import com.google.auto.value.AutoValue;
import dev.rdg.mapping.SourceMapping;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.io.ByteStreams;

/**
 * A part of an event file that one worker reads: the bytes {@code [start, end)}, which begin at a line
 * whose 1-based number is {@code firstLine}, of a file owned by {@code source}; or the whole file when it
 * can only be read from its start (compressed, Avro).
 */
@AutoValue
abstract class LineRange implements Serializable {
  private static final long WHOLE_FILE = -1;

  abstract MatchResult.Metadata file();

  abstract Compression compression();

  abstract String source();

  abstract SourceMapping.Format format();

  abstract boolean skipHeader();

  abstract long start();

  abstract long end();

  abstract long firstLine();

  static LineRange of(
      MatchResult.Metadata file,
      String source,
      SourceMapping.Format format,
      boolean skipHeader,
      long start,
      long end,
      long firstLine) {
    if (start < 0 || end < start || firstLine < 1) {
      throw new IllegalArgumentException(
          "bad range [" + start + ", " + end + ") from line " + firstLine + " of " + file.resourceId());
    }
    return new AutoValue_LineRange(
        file, Compression.UNCOMPRESSED, source, format, skipHeader, start, end, firstLine);
  }

  static LineRange wholeFile(
      MatchResult.Metadata file,
      Compression compression,
      String source,
      SourceMapping.Format format,
      boolean skipHeader) {
    return new AutoValue_LineRange(file, compression, source, format, skipHeader, 0, WHOLE_FILE, 1);
  }

  boolean isWholeFile() {
    return end() == WHOLE_FILE;
  }

  /** The size of the range in the file, or of the whole file. */
  long sizeBytes() {
    return isWholeFile() ? file().sizeBytes() : end() - start();
  }

  /** The file's name, as each of its events' origin. */
  String origin() {
    return file().resourceId().toString();
  }

  /** The range's bytes, decompressed when the file is compressed. */
  InputStream open() throws IOException {
    ReadableByteChannel channel = FileSystems.open(file().resourceId());
    if (isWholeFile()) {
      return new BufferedInputStream(Channels.newInputStream(compression().readDecompressed(channel)));
    }
    ((SeekableByteChannel) channel).position(start());
    return ByteStreams.limit(Channels.newInputStream(channel), end() - start());
  }

  /** Coder of the ranges handed to the workers: the file's metadata, then the range. */
  static final class LineRangeCoder extends AtomicCoder<LineRange> {
    private static final LineRangeCoder INSTANCE = new LineRangeCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    static LineRangeCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LineRange range, OutputStream out) throws IOException {
      MetadataCoderV2.of().encode(range.file(), out);
      StringUtf8Coder.of().encode(range.compression().name(), out);
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
          MetadataCoderV2.of().decode(in),
          Compression.valueOf(StringUtf8Coder.of().decode(in)),
          StringUtf8Coder.of().decode(in),
          SourceMapping.Format.valueOf(StringUtf8Coder.of().decode(in)),
          BooleanCoder.of().decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in));
    }
  }
}
