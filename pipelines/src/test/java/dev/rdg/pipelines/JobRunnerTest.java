package dev.rdg.pipelines;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class JobRunnerTest {
  /** The DirectRunner and Flink's embedded cluster run their workers here; a Flink cluster does not. */
  @Test
  public void testRunsInThisJvmOnlyForEmbeddedRunners() {
    assertTrue(JobRunner.runsInThisJvm(options("--runner=DirectRunner")));
    assertTrue(JobRunner.runsInThisJvm(options("--runner=FlinkRunner")));
    assertTrue(JobRunner.runsInThisJvm(options("--runner=FlinkRunner", "--flinkMaster=[local]")));
    assertFalse(JobRunner.runsInThisJvm(options("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081")));
  }

  /** Under {@code flink run}, Flink's client sets the cluster as the context: {@code [auto]} means it. */
  @Test
  public void testAutoMasterUnderFlinkRunIsNotThisJvm() {
    FlinkRunContext.enter();
    try {
      assertFalse(JobRunner.runsInThisJvm(options("--runner=FlinkRunner")));
      assertTrue(JobRunner.runsInThisJvm(options("--runner=FlinkRunner", "--flinkMaster=[local]")));
    } finally {
      FlinkRunContext.leave();
    }
    assertTrue(JobRunner.runsInThisJvm(options("--runner=FlinkRunner")));
  }

  private static PipelineOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(IngestOptions.class);
  }

  /** Sets a context environment as Flink's {@code CliFrontend} does before it calls a job's main. */
  private static final class FlinkRunContext extends ExecutionEnvironment {
    static void enter() {
      initializeContextEnvironment(ExecutionEnvironment::createLocalEnvironment);
    }

    static void leave() {
      resetContextEnvironment();
    }
  }
}
