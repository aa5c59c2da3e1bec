package dev.rdg.io;

import dev.rdg.mapping.Mapping;
import dev.rdg.mapping.SourceMapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * The line ranges of the event files matching some glob patterns, as a source the runner splits when the
 * job starts, one range per split: each file matched once however many patterns match it, a pattern that
 * matches nothing an error naming it. The runner hands the ranges to its workers as they ask for work
 * (Flink's input splits), so reading starts at once, with no step to spread files or ranges over the
 * workers, and a worker that finishes early takes the next range. Each range is one element, read line by
 * line by the step after ({@link ReadEventFiles}): a source's reader is called through the runner's
 * metrics bookkeeping per element (on Flink a sixth of reading and mapping when it was per line).
 */
final class EventFiles extends BoundedSource<LineRange> {
  private final List<String> patterns;
  private final Mapping mapping;
  private final long rangeBytes;

  EventFiles(List<String> patterns, Mapping mapping, long rangeBytes) {
    this.patterns = List.copyOf(patterns);
    this.mapping = mapping;
    this.rangeBytes = rangeBytes;
  }

  /**
   * The files cut into ranges of at most {@code rangeBytes}, and of at most {@code desiredBundleSizeBytes}
   * when the runner asks for smaller ones (a small input spread over all its workers).
   */
  @Override
  public List<OneRange> split(long desiredBundleSizeBytes, PipelineOptions options) throws IOException {
    List<OneRange> splits = new ArrayList<>();
    for (LineRange range : ranges(Math.max(1, Math.min(rangeBytes, desiredBundleSizeBytes)))) {
      splits.add(new OneRange(range));
    }
    return splits;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) throws IOException {
    return files().stream().mapToLong(MatchResult.Metadata::sizeBytes).sum();
  }

  /** All ranges of all files, in order: for a runner that reads a source without splitting it. */
  @Override
  public BoundedReader<LineRange> createReader(PipelineOptions options) throws IOException {
    return new RangesReader(this, ranges(rangeBytes));
  }

  /** Every file cut into ranges of about {@code cut} bytes, in the files' order. */
  private List<LineRange> ranges(long cut) throws IOException {
    List<LineRange> ranges = new ArrayList<>();
    for (MatchResult.Metadata file : files()) {
      ranges.addAll(rangesOf(file, cut));
    }
    return ranges;
  }

  @Override
  public Coder<LineRange> getOutputCoder() {
    return LineRange.LineRangeCoder.of();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("patterns", String.join(", ", patterns)).withLabel("File patterns"));
  }

  /** Every file the patterns match, once, in the patterns' order. */
  private List<MatchResult.Metadata> files() throws IOException {
    Map<String, MatchResult.Metadata> files = new LinkedHashMap<>();
    for (String pattern : patterns) {
      for (MatchResult.Metadata file : FileSystems.match(pattern, EmptyMatchTreatment.DISALLOW).metadata()) {
        if (!file.resourceId().isDirectory()) {
          files.putIfAbsent(file.resourceId().toString(), file);
        }
      }
    }
    return new ArrayList<>(files.values());
  }

  /**
   * Cuts a plain-text file into ranges of about {@code rangeBytes}, each starting at a line, and numbers
   * each range's first line, so every line keeps its 1-based line number wherever it is read. It reads
   * the file once for that (counting newlines only, far cheaper than parsing it). A compressed or Avro
   * file, or one its file system cannot seek in, is one range: it can only be read from its start.
   */
  private List<LineRange> rangesOf(MatchResult.Metadata file, long rangeBytes) throws IOException {
    String source = mapping.sourceForFile(file.resourceId().getFilename());
    SourceMapping.Format format =
        mapping.source(source).map(SourceMapping::format).orElse(SourceMapping.Format.JSONL);
    boolean skipHeader = mapping.source(source).map(SourceMapping::skipsHeader).orElse(false);
    Compression compression = Compression.detect(file.resourceId().getFilename());
    if (format == SourceMapping.Format.AVRO
        || compression != Compression.UNCOMPRESSED
        || !file.isReadSeekEfficient()) {
      return List.of(LineRange.wholeFile(file, compression, source, format, skipHeader));
    }
    List<LineRange> ranges = new ArrayList<>();
    long rangeStart = 0;
    long rangeFirstLine = 1;
    long offset = 0;
    long lines = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
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
            ranges.add(LineRange.of(file, source, format, skipHeader, rangeStart, nextLineStart, rangeFirstLine));
            rangeStart = nextLineStart;
            rangeFirstLine = lines + 1;
          }
        }
        offset += read;
      }
    }
    if (offset > rangeStart || offset == 0) {
      ranges.add(LineRange.of(file, source, format, skipHeader, rangeStart, offset, rangeFirstLine));
    }
    return ranges;
  }

  /** One range as a split of its own: its one element is the range. */
  static final class OneRange extends BoundedSource<LineRange> {
    private final LineRange range;

    OneRange(LineRange range) {
      this.range = range;
    }

    LineRange range() {
      return range;
    }

    @Override
    public List<OneRange> split(long desiredBundleSizeBytes, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public long getEstimatedSizeBytes(PipelineOptions options) {
      return range.sizeBytes();
    }

    @Override
    public BoundedReader<LineRange> createReader(PipelineOptions options) {
      return new RangesReader(this, List.of(range));
    }

    @Override
    public Coder<LineRange> getOutputCoder() {
      return LineRange.LineRangeCoder.of();
    }
  }

  /** Hands out ranges, one element each. */
  private static final class RangesReader extends BoundedReader<LineRange> {
    private final BoundedSource<LineRange> source;
    private final List<LineRange> ranges;
    private int current = -1;

    RangesReader(BoundedSource<LineRange> source, List<LineRange> ranges) {
      this.source = source;
      this.ranges = ranges;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      current = Math.min(current + 1, ranges.size());
      return current < ranges.size();
    }

    @Override
    public LineRange getCurrent() {
      if (current < 0 || current >= ranges.size()) {
        throw new NoSuchElementException("no current range of " + source);
      }
      return ranges.get(current);
    }

    @Override
    public BoundedSource<LineRange> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
