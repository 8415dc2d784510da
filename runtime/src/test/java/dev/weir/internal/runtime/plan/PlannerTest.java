package dev.weir.internal.runtime.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.Stream;
import dev.weir.api.TopologyException;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SourceNode;
import dev.weir.serde.Serdes;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final String APP = "app";
  private static final ValueStateDescriptor<Long> COUNT =
      StateDescriptor.value("count", Serdes.longs());
  private static final ListStateDescriptor<String> SEEN =
      StateDescriptor.list("seen", Serdes.string());

  private static KafkaSource<String, String> clicks() {
    return KafkaSource.of("clicks", Serdes.string(), Serdes.string());
  }

  private static KafkaSink<String, String> sink(String topic) {
    return KafkaSink.of(topic, Serdes.string(), Serdes.string());
  }

  private static Supplier<KeyedProcessFunction<String, String, String>> echo() {
    return () ->
        new KeyedProcessFunction<>() {
          @Override
          public void processElement(
              String value, Context<String> context, Collector<String> out) {
            out.collect(value);
          }
        };
  }

  private static List<String> stateNames(Stage stage) {
    return stage.states().stream().map(StateDescriptor::name).toList();
  }

  private static List<String> names(List<? extends Node> nodes) {
    return nodes.stream().map(Node::name).toList();
  }

  @Test
  void aSourceOnlyPipelineIsOneStage() {
    Pipeline pipeline = Pipeline.create();
    pipeline.source(clicks()).filter(v -> !v.isEmpty()).sinkTo(sink("out"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.applicationId()).isEqualTo(APP);
    assertThat(plan.stages()).hasSize(1);
    Stage stage = plan.stages().get(0);
    assertThat(stage.id()).isZero();
    assertThat(stage.root()).isInstanceOf(SourceNode.class);
    assertThat(stage.root().name()).isEqualTo("source-clicks");
    assertThat(stage.inputTopics()).containsExactly("clicks");
    assertThat(names(stage.nodes())).containsExactly("source-clicks-filter", "source-clicks-filter-sink-out");
    assertThat(stage.states()).isEmpty();
    assertThat(stage.repartitionWriters()).isEmpty();
    assertThat(stage.keyed()).isFalse();
    assertThat(plan.inputTopics()).containsExactly("clicks");
    assertThat(plan.stageReading("clicks")).containsSame(stage);
    assertThat(plan.stageReading("out")).isEmpty();
  }

  @Test
  void aKeyBySplitsThePipelineAtItsRepartitionTopic() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(clicks())
        .filter(v -> true)
        .keyBy(Repartition.<String, String>by(v -> v, Serdes.string()).named("by-user"))
        .process("counter", echo(), COUNT, SEEN)
        .sinkTo(sink("counts"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).hasSize(2);
    Stage upstream = plan.stages().get(0);
    Stage downstream = plan.stages().get(1);
    RepartitionNode byUser = (RepartitionNode) downstream.root();

    assertThat(upstream.id()).isZero();
    assertThat(upstream.inputTopics()).containsExactly("clicks");
    assertThat(names(upstream.nodes())).containsExactly("source-clicks-filter", "by-user");
    assertThat(upstream.repartitionWriters()).containsExactly(byUser);
    assertThat(upstream.states()).isEmpty();

    assertThat(downstream.id()).isEqualTo(1);
    assertThat(byUser.name()).isEqualTo("by-user");
    assertThat(downstream.inputTopics()).containsExactly("app-by-user-repartition");
    assertThat(names(downstream.nodes())).containsExactly("counter", "counter-sink-counts");
    assertThat(stateNames(downstream)).containsExactly("count", "seen", "counter.timers");
    assertThat(names(downstream.processNodes())).containsExactly("counter");
    assertThat(downstream.repartitionWriters()).isEmpty();
    assertThat(downstream.keyed()).isTrue();

    assertThat(plan.inputTopics()).containsExactly("clicks", "app-by-user-repartition");
    assertThat(plan.stageReading("app-by-user-repartition")).containsSame(downstream);
  }

  @Test
  void anUnnamedRepartitionTopicIsNamedAfterTheDerivedOperatorName() {
    Pipeline pipeline = Pipeline.create();
    pipeline.source(clicks()).keyBy(v -> v, Serdes.string()).process("p", echo());

    Plan plan = Planner.plan(pipeline, "clicker");

    assertThat(plan.stages().get(1).inputTopics())
        .containsExactly("clicker-source-clicks-key-by-repartition");
  }

  @Test
  void theDownstreamStageHoldsOnlyTheStatesOfItsOwnProcessOperators() {
    Pipeline pipeline = Pipeline.create();
    KeyedStream<String, String> byUser =
        pipeline.source(clicks()).keyBy(v -> v, Serdes.string()).named("by-user");
    byUser
        .process("first", echo(), COUNT)
        .asStream()
        .withValueSerde(Serdes.string())
        .keyBy(v -> v, Serdes.string())
        .named("by-value")
        .process("second", echo(), SEEN);

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).hasSize(3);
    assertThat(plan.stages().get(0).states()).isEmpty();
    assertThat(stateNames(plan.stages().get(1))).containsExactly("count", "first.timers");
    assertThat(stateNames(plan.stages().get(2))).containsExactly("seen", "second.timers");
  }

  @Test
  void twoKeyBysMakeThreeStagesUpstreamFirst() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(clicks())
        .keyBy(v -> v, Serdes.string())
        .named("first")
        .process("p1", echo(), COUNT)
        .asStream()
        .withValueSerde(Serdes.string())
        .keyBy(v -> v, Serdes.string())
        .named("second")
        .process("p2", echo())
        .sinkTo(sink("out"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).extracting(Stage::id).containsExactly(0, 1, 2);
    assertThat(plan.stages()).extracting(stage -> stage.root().name())
        .containsExactly("source-clicks", "first", "second");
    assertThat(plan.stages()).extracting(Stage::inputTopics)
        .containsExactly(
            List.of("clicks"), List.of("app-first-repartition"), List.of("app-second-repartition"));
    assertThat(names(plan.stages().get(0).repartitionWriters())).containsExactly("first");
    assertThat(names(plan.stages().get(1).repartitionWriters())).containsExactly("second");
    assertThat(plan.stages().get(2).repartitionWriters()).isEmpty();
    assertThat(names(plan.stages().get(1).nodes())).containsExactly("p1", "second");
    assertThat(names(plan.stages().get(2).nodes())).containsExactly("p2", "p2-sink-out");
  }

  @Test
  void aKeyedSourceNeedsNoRepartition() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .keyedSource(KafkaSource.of("users", Serdes.string(), Serdes.string()).named("users"))
        .process("enrich", echo(), COUNT)
        .sinkTo(sink("enriched"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).hasSize(1);
    Stage stage = plan.stages().get(0);
    assertThat(stage.keyed()).isTrue();
    assertThat(stage.inputTopics()).containsExactly("users");
    assertThat(stage.repartitionWriters()).isEmpty();
    assertThat(stateNames(stage)).containsExactly("count", "enrich.timers");
    assertThat(names(stage.nodes())).containsExactly("enrich", "enrich-sink-enriched");
    assertThat(plan.inputTopics()).containsExactly("users");
  }

  @Test
  void branchingStaysInOneStage() {
    Pipeline pipeline = Pipeline.create();
    Stream<String> clicks = pipeline.source(clicks());
    clicks.sinkTo(sink("copy-a"));
    clicks.filter(v -> true).sinkTo(sink("copy-b"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).hasSize(1);
    assertThat(names(plan.stages().get(0).nodes()))
        .containsExactly(
            "source-clicks-sink-copy-a", "source-clicks-filter", "source-clicks-filter-sink-copy-b");
  }

  @Test
  void aStreamBothSunkAndKeyedWritesTheRepartitionTopicFromTheSameStage() {
    Pipeline pipeline = Pipeline.create();
    Stream<String> clicks = pipeline.source(clicks());
    clicks.sinkTo(sink("raw"));
    clicks.keyBy(v -> v, Serdes.string()).named("by-user").process("p", echo(), COUNT);

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).hasSize(2);
    assertThat(names(plan.stages().get(0).nodes()))
        .containsExactly("source-clicks-sink-raw", "by-user");
    assertThat(names(plan.stages().get(0).repartitionWriters())).containsExactly("by-user");
  }

  @Test
  void eachSourceIsItsOwnStage() {
    Pipeline pipeline = Pipeline.create();
    pipeline.source(clicks()).sinkTo(sink("a"));
    pipeline
        .source(KafkaSource.of(List.of("left", "right"), Serdes.string(), Serdes.string()))
        .sinkTo(sink("b"));

    Plan plan = Planner.plan(pipeline, APP);

    assertThat(plan.stages()).extracting(Stage::inputTopics)
        .containsExactly(List.of("clicks"), List.of("left", "right"));
    assertThat(plan.stageReading("right")).containsSame(plan.stages().get(1));
    assertThat(plan.inputTopics()).containsExactly("clicks", "left", "right");
  }

  @Test
  void aPipelineWithoutSourceIsRefused() {
    assertThatThrownBy(() -> Planner.plan(Pipeline.create(), APP))
        .isInstanceOf(TopologyException.class)
        .hasMessage(
            "The pipeline reads nothing: add a source with pipeline.source(KafkaSource.of(...))");
  }

  @Test
  void changelogTopicsAreNamedAfterApplicationAndState() {
    assertThat(Stage.changelogTopic("app", "count")).isEqualTo("app-count-changelog");
  }

  @Test
  void describeShowsStagesTopicsOperatorsStatesAndChangelogs() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(clicks())
        .keyBy(v -> v, Serdes.string())
        .named("by-user")
        .process("counter", echo(), COUNT, SEEN)
        .sinkTo(sink("counts"));

    String description = Planner.plan(pipeline, APP).describe();

    assertThat(description)
        .contains("Pipeline of application 'app'")
        .contains("stage 0 reads [clicks]")
        .contains("source 'source-clicks'")
        .contains("key-by 'by-user'")
        .contains("writes app-by-user-repartition")
        .contains("stage 1 reads [app-by-user-repartition]")
        .contains("process 'counter'")
        .contains("sink 'counter-sink-counts' <- counter")
        .contains("state 'count' -> app-count-changelog")
        .contains("state 'seen' -> app-seen-changelog");
    assertThat(description.indexOf("stage 0")).isLessThan(description.indexOf("stage 1"));
  }

  @Test
  void planningTwiceGivesTheSameStages() {
    Pipeline pipeline = Pipeline.create();
    pipeline.source(clicks()).keyBy(v -> v, Serdes.string()).process("p", echo(), COUNT);

    assertThat(Planner.plan(pipeline, APP).describe())
        .isEqualTo(Planner.plan(pipeline, APP).describe());
  }

  @Test
  void processNodesListsOnlyProcessOperators() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .keyedSource(clicks())
        .filter(v -> true)
        .process("a", echo(), COUNT)
        .mapValues(String::length)
        .reduce("sum", Integer::sum, Serdes.ints());

    Stage stage = Planner.plan(pipeline, APP).stages().get(0);

    assertThat(stage.processNodes()).extracting(ProcessNode::name).containsExactly("a", "sum");
    // Each process operator also keeps its timers in a state of its own.
    assertThat(stage.states())
        .extracting(StateDescriptor::name)
        .containsExactly("count", "a.timers", "sum", "sum.timers");
  }
}
