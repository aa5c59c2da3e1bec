package dev.rdg.sinks.jdbc;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The PostgreSQL sink passes the conformance kit against a real PostgreSQL server. */
@RunWith(JUnit4.class)
public class PostgresSinkConformanceIT extends SinkConformanceKit {
  @Override
  protected GraphSink newSink() {
    return GraphSinks.fromUri(TestPostgres.freshUri("batchSize=3&flushInterval=200ms"));
  }
}
