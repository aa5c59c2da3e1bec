package dev.rdg.kafka;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.GraphSinks;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Kafka sink passes the conformance kit against a real broker started in this JVM: what it publishes,
 * read back, exports like the embedded store. Each test gets its own topic prefix.
 */
@RunWith(JUnit4.class)
public class KafkaSinkConformanceIT extends SinkConformanceKit {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static KafkaTestBroker broker;

  @BeforeClass
  public static void startBroker() throws Exception {
    broker = KafkaTestBroker.startInJvm();
  }

  @AfterClass
  public static void stopBroker() throws Exception {
    broker.close();
  }

  @Override
  protected GraphSink newSink() {
    return GraphSinks.fromUri("kafka://" + broker.bootstrap() + "?prefix=kit" + PREFIXES.incrementAndGet());
  }
}
