package dev.rdg.sinks.file;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;
import java.nio.file.Paths;

/** Registers {@code file:DIR} (see {@link FileGraphSink}) with {@code GraphSinks}. */
public final class FileSinkProvider implements GraphSinkProvider {
  @Override
  public String scheme() {
    return FileGraphSink.SCHEME;
  }

  @Override
  public GraphSink create(String uri) {
    String folder = uri.substring(FileGraphSink.SCHEME.length() + 1);
    if (folder.isEmpty()) {
      throw new IllegalArgumentException(
          "sink URI '" + uri + "' names no folder; expected file:DIR, e.g. file:./graph-files");
    }
    return FileGraphSink.at(Paths.get(folder));
  }
}
