package dev.rdg.sinks.neo4j;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The Neo4j sink passes the conformance kit against a real Neo4j. */
@RunWith(JUnit4.class)
public class Neo4jSinkConformanceIT extends SinkConformanceKit {
  @Override
  protected GraphSink newSink() {
    return GraphSinks.fromUri(TestNeo4j.emptyUri("batchSize=3&flushInterval=200ms"));
  }
}
