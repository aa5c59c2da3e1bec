package dev.rdg.sinks.file;

import dev.rdg.model.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Buffers a bundle's upserts and appends them as one new share file when the bundle finishes. It outputs
 * no dead letters: a file takes any record, and a failed append fails the bundle, which the runner retries.
 */
final class AppendSharesFn<T> extends DoFn<T, DeadLetter> {
  private final String folder;
  private final ShareFiles.Kind<T> kind;
  private transient List<T> buffer;

  AppendSharesFn(String folder, ShareFiles.Kind<T> kind) {
    this.folder = folder;
    this.kind = kind;
  }

  @StartBundle
  public void startBundle() {
    buffer = new ArrayList<>();
  }

  @ProcessElement
  public void processElement(@Element T upsert) {
    buffer.add(upsert);
  }

  @FinishBundle
  public void finishBundle() {
    if (buffer.isEmpty()) {
      return;
    }
    try {
      ShareFiles.append(Paths.get(folder), kind, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer = new ArrayList<>();
  }
}
