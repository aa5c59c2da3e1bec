package dev.rdg.cli;

import dev.rdg.serve.GraphServer;
import dev.rdg.serve.QueryParams;
import dev.rdg.sinks.GraphReader;
import dev.rdg.sinks.GraphSink;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rdg serve --sink=URI [--port=8080] [--host=127.0.0.1]}: the queries as a JSON HTTP API and a page
 * that draws the graph ({@link GraphServer}), until the process is stopped. Loopback only unless
 * {@code --host} says otherwise. Elements the graph's retention expired as of its newest time (or as of a
 * request's {@code asOf}) are not served.
 */
@Command(name = "serve", description = "Serves the graph's queries as a JSON HTTP API and a page that draws it.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--sink", required = true, description = "The graph to serve, e.g. embedded:./rdg-data")
  private String sink;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default 8080; 0: any free port)")
  private String port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1)")
  private String host;

  @Mixin private RetentionOption retention;

  @Override
  public Integer call() throws Exception {
    int portNumber = QueryParams.count("--port", port, 8080);
    if (portNumber > 65535) {
      throw new IllegalArgumentException("--port must be <= 65535, but was " + portNumber);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    GraphSink graphSink = RetentionOption.existing(sink);
    try (GraphReader graph = graphSink.openReader();
        GraphServer server =
            GraphServer.start(graph, retention.policy(graphSink), new InetSocketAddress(host, portNumber))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.out.println("rdg: serving " + sink + " at " + server.uri() + " (Ctrl-C stops)");
      System.out.flush();
      stopped.await();
    }
    return 0;
  }
}
