package dev.rdg.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a bounded collection of lines into one local file, which replaces the file atomically once every
 * line is in it. No lines make an empty file, so an earlier run's file never survives a run that has none.
 *
 * <p>For one file of a bounded job, such as the dead letters of a backfill: {@code
 * TextIO.write().withoutSharding()} writes the same through {@code WriteFiles}, a dozen steps built for
 * sharded and windowed output, whose finalization runs after everything else and added about half a second
 * to the end of every 1M-event run (BENCHMARKS.md). This is one grouping and one step. A stream needs files
 * per window: use {@code TextIO} with windowed writes.
 *
 * <pre>{@code
 * deadLetterLines.apply("WriteDeadLetters", WriteLinesFile.to(Path.of("rdg-deadletters.jsonl")));
 * }</pre>
 */
public final class WriteLinesFile extends PTransform<PCollection<String>, PDone> {
  /** The grouping's entries: every line under one key, and one entry of no line so the group always exists. */
  private static final Coder<KV<Void, String>> ENTRY_CODER =
      KvCoder.of(VoidCoder.of(), NullableCoder.of(StringUtf8Coder.of()));

  /** Absolute, so workers whose working directory differs write the same file. */
  private final String file;

  private WriteLinesFile(String file) {
    this.file = file;
  }

  /** Writes into {@code file}, creating its folder if needed. */
  public static WriteLinesFile to(Path file) {
    if (file == null || file.getFileName() == null) {
      throw new IllegalArgumentException("WriteLinesFile.to(file) needs a file, but was " + file);
    }
    return new WriteLinesFile(file.toAbsolutePath().normalize().toString());
  }

  @Override
  public PDone expand(PCollection<String> lines) {
    if (lines.isBounded() != PCollection.IsBounded.BOUNDED) {
      throw new IllegalArgumentException(
          "WriteLinesFile writes a bounded collection into one file; a stream needs a file per window");
    }
    if (!(lines.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "WriteLinesFile writes lines of the global window, but they are in "
              + lines.getWindowingStrategy().getWindowFn());
    }
    PCollection<KV<Void, String>> keyed =
        lines
            .apply(
                "Keyed",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.voids(), TypeDescriptors.strings()))
                    .via((String line) -> KV.of((Void) null, line)))
            .setCoder(ENTRY_CODER);
    PCollection<KV<Void, String>> noLine =
        lines.getPipeline().apply("NoLine", Create.of(KV.of((Void) null, (String) null)).withCoder(ENTRY_CODER));
    PCollectionList.of(keyed)
        .and(noLine)
        .apply("Entries", Flatten.pCollections())
        .apply("OneGroup", GroupByKey.create())
        .apply("WriteFile", ParDo.of(new WriteFileFn(file)));
    return PDone.in(lines.getPipeline());
  }

  /** Writes the group's lines into a new file beside the target, then moves it over the target. */
  static final class WriteFileFn extends DoFn<KV<Void, Iterable<String>>, Void> {
    private final String file;

    WriteFileFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void processElement(@Element KV<Void, Iterable<String>> entries) throws IOException {
      Path target = Path.of(file);
      Files.createDirectories(target.getParent());
      // Created like any new file (not Files.createTempFile's owner-only permissions); a retry writes a new one.
      Path written = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        try (Writer out = Files.newBufferedWriter(written, UTF_8, StandardOpenOption.CREATE_NEW)) {
          for (String line : entries.getValue()) {
            if (line != null) {
              out.write(line);
              out.write('\n');
            }
          }
        }
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(written);
      }
    }
  }
}
