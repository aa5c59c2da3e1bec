package dev.rdg.sinks.embedded;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinkProvider;
import java.nio.file.Paths;

/** Registers the scheme {@code embedded:PATH} (see {@link EmbeddedGraphSink}) with {@code GraphSinks}. */
public final class EmbeddedSinkProvider implements GraphSinkProvider {
  @Override
  public String scheme() {
    return EmbeddedGraphSink.SCHEME;
  }

  @Override
  public GraphSink create(String uri) {
    String prefix = EmbeddedGraphSink.SCHEME + ":";
    if (!uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("sink URI '" + uri + "' is not an embedded:PATH URI");
    }
    String folder = uri.substring(prefix.length());
    if (folder.isEmpty()) {
      throw new IllegalArgumentException(
          "sink URI '" + uri + "' names no folder; expected embedded:PATH, e.g. embedded:./graph");
    }
    return EmbeddedGraphSink.at(Paths.get(folder));
  }
}
