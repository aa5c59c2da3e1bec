package dev.rdg.sinks.embedded;

import dev.rdg.sinks.GraphSink;
import dev.rdg.sinks.conformance.SinkConformanceKit;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The embedded store passes the conformance kit (its merge rules are checked by the kit's own asserts). */
@RunWith(JUnit4.class)
public class EmbeddedSinkConformanceTest extends SinkConformanceKit {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Override
  protected GraphSink newSink() throws Exception {
    return EmbeddedGraphSink.at(folder.newFolder().toPath());
  }
}
