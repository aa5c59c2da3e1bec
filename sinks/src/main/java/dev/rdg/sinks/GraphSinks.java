package dev.rdg.sinks;

import java.util.Locale;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.util.common.ReflectHelpers;

/**
 * Picks a sink from a URI such as {@code embedded:./graph}: the scheme before the first {@code :} names the
 * {@link GraphSinkProvider}, found on the classpath with {@link ServiceLoader}, that makes the sink.
 *
 * <pre>{@code
 * GraphSink sink = GraphSinks.fromUri(options.getSink());   // "embedded:./graph"
 * }</pre>
 */
public final class GraphSinks {
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);

  private GraphSinks() {}

  /** The sink {@code uri} names; else {@link IllegalArgumentException} listing the known schemes. */
  public static GraphSink fromUri(String uri) {
    SortedMap<String, GraphSinkProvider> providers = providers();
    Matcher matcher = SCHEME.matcher(uri == null ? "" : uri);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "sink URI '" + uri + "' has no scheme (expected SCHEME:LOCATION, e.g. embedded:./graph); "
              + "known schemes: " + String.join(", ", providers.keySet()));
    }
    String scheme = matcher.group(1);
    GraphSinkProvider provider = providers.get(scheme.toLowerCase(Locale.ROOT));
    if (provider == null) {
      throw new IllegalArgumentException(
          "unknown sink scheme '" + scheme + "' in '" + SinkUri.parse(uri).masked() + "'; known schemes: "
              + String.join(", ", providers.keySet()));
    }
    return provider.create(uri);
  }

  /** The providers on the classpath by scheme; two providers of one scheme are a packaging error. */
  private static SortedMap<String, GraphSinkProvider> providers() {
    SortedMap<String, GraphSinkProvider> providers = new TreeMap<>();
    for (GraphSinkProvider provider :
        ServiceLoader.load(GraphSinkProvider.class, ReflectHelpers.findClassLoader())) {
      GraphSinkProvider other = providers.put(provider.scheme(), provider);
      if (other != null) {
        throw new IllegalStateException(
            "sink scheme '" + provider.scheme() + "' is provided twice, by "
                + other.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return providers;
  }
}
