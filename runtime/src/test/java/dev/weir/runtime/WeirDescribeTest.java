package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.serde.Serdes;
import org.junit.jupiter.api.Test;

/** describe() draws a pipeline as text, Graphviz and Mermaid without a broker. */
class WeirDescribeTest {

  private static Pipeline pipeline() {
    return CountingPipelines.counter("users", "counts");
  }

  @Test
  void textNamesStagesTopicsAndStates() {
    String text = Weir.describe(pipeline(), "app", Weir.Format.TEXT);
    assertThat(text)
        .contains("stage 0 reads [users]")
        .contains("stage 1 reads [app-users-filter-key-by-repartition]")
        .contains("state 'count' -> app-count-changelog");
  }

  @Test
  void dotHasAClusterPerStageAndEdgesThroughTopicsAndStates() {
    String dot = Weir.describe(pipeline(), "app", Weir.Format.DOT);
    assertThat(dot)
        .startsWith("digraph \"app\" {")
        .contains("subgraph cluster_0", "subgraph cluster_1")
        .contains("label=\"app-users-filter-key-by-repartition\"")
        .contains("label=\"counts\"")
        .contains("[shape=cylinder, label=\"count\"]")
        .contains("[style=dashed]")
        .endsWith("}\n");
  }

  @Test
  void mermaidIsAFlowchartWithASubgraphPerStage() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(KafkaSource.of("in", Serdes.string(), Serdes.string()))
        .map(String::trim)
        .sinkTo(KafkaSink.valuesOnly("out", Serdes.string()));
    String mermaid = Weir.describe(pipeline, "app", Weir.Format.MERMAID);
    assertThat(mermaid)
        .startsWith("flowchart LR\n")
        .contains("subgraph stage0[\"stage 0\"]")
        .contains("([\"in\"])", "([\"out\"])")
        .contains(" --> ");
  }

  @Test
  void commandLineFlagsTakeBothForms() {
    assertThat(Weir.flags("--num.threads=4", "--application.id", "app", "--producer.linger.ms=20"))
        .containsEntry("num.threads", "4")
        .containsEntry("application.id", "app")
        .containsEntry("producer.linger.ms", "20");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Weir.flags("num.threads=4"))
        .hasMessageContaining("Expected --key=value or --key value, found 'num.threads=4'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Weir.flags("--state.dir"))
        .hasMessageContaining("Flag --state.dir needs a value");
  }
}
