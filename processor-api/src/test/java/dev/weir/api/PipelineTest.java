package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SinkNode;
import dev.weir.internal.graph.SourceNode;
import dev.weir.serde.Serdes;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the pipeline builder accepts, how it names operators, and what it refuses (and says). */
class PipelineTest {

  private static final ValueStateDescriptor<Long> COUNT =
      StateDescriptor.value("count", Serdes.longs());

  private static KafkaSource<String, String> users() {
    return KafkaSource.of("users", Serdes.string(), Serdes.string()).named("users");
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

  private static List<String> names(Pipeline pipeline) {
    return pipeline.graph().nodes().stream().map(Node::name).toList();
  }

  private static Node node(Pipeline pipeline, String name) {
    return pipeline.graph().nodes().stream()
        .filter(node -> node.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node '" + name + "' in " + names(pipeline)));
  }

  @Nested
  class DerivedNames {

    @Test
    void anOperatorIsNamedByThePathFromItsParent() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.filter(v -> true).map(String::length).peek(v -> {});

      assertThat(names(pipeline))
          .containsExactly("users", "users-filter", "users-filter-map", "users-filter-map-peek");
    }

    @Test
    void aSecondOperatorOfTheSameKindOnTheSameParentGetsANumber() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.filter(v -> true);
      users.filter(v -> false);
      users.filter(v -> false);

      assertThat(names(pipeline))
          .containsExactly("users", "users-filter", "users-filter-2", "users-filter-3");
    }

    @Test
    void everyKindHasItsWordInTheName() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.flatMap((String v, Collector<String> out) -> out.collect(v));
      users.sinkTo(KafkaSink.valuesOnly("out", Serdes.string()));
      users
          .keyBy(v -> v, Serdes.string())
          .mapValues(String::length)
          .filter(n -> n > 0);

      assertThat(names(pipeline))
          .containsExactly(
              "users",
              "users-flat-map",
              "users-sink-out",
              "users-key-by",
              "users-key-by-map",
              "users-key-by-map-filter");
    }

    @Test
    void anUnnamedSourceIsNamedByItsTopics() {
      Pipeline pipeline = Pipeline.create();

      pipeline.source(KafkaSource.of("clicks", Serdes.string(), Serdes.string()));
      pipeline.source(KafkaSource.of(List.of("left", "right"), Serdes.string(), Serdes.string()));

      assertThat(names(pipeline)).containsExactly("source-clicks", "source-left-right");
    }

    @Test
    void namesAreTheSameEachTimeThePipelineIsBuilt() {
      assertThat(names(buildSample())).isEqualTo(names(buildSample()));
    }

    @Test
    void addingAnOperatorOnAnotherBranchDoesNotRenameExistingOnes() {
      Pipeline small = Pipeline.create();
      small.source(users()).filter(v -> true).keyBy(v -> v, Serdes.string());
      Pipeline bigger = Pipeline.create();
      Stream<String> other =
          bigger.source(KafkaSource.of("other", Serdes.string(), Serdes.string()));
      other.filter(v -> true).map(String::length);
      bigger.source(users()).filter(v -> true).keyBy(v -> v, Serdes.string());

      assertThat(names(bigger)).containsAll(names(small));
    }

    private Pipeline buildSample() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());
      users.filter(v -> true).sinkTo(KafkaSink.valuesOnly("a", Serdes.string()));
      users
          .map(String::trim)
          .withValueSerde(Serdes.string())
          .keyBy(v -> v, Serdes.string())
          .process("echo", echo())
          .sinkTo(KafkaSink.of("b", Serdes.string(), Serdes.string()));
      return pipeline;
    }
  }

  @Nested
  class Naming {

    @Test
    void namedRenamesTheOperatorAndLaterNamesDeriveFromTheNewName() {
      Pipeline pipeline = Pipeline.create();

      pipeline.source(users()).filter(v -> true).named("adults").map(String::length);

      assertThat(names(pipeline)).containsExactly("users", "adults", "adults-map");
    }

    @Test
    void namedOnAKeyedStreamRenamesTheKeyedOperator() {
      Pipeline pipeline = Pipeline.create();

      pipeline
          .source(users())
          .keyBy(v -> v, Serdes.string())
          .named("by-user")
          .filter(v -> true);

      assertThat(names(pipeline)).containsExactly("users", "by-user", "by-user-filter");
      assertThat(node(pipeline, "by-user")).isInstanceOf(RepartitionNode.class);
    }

    @Test
    void namedIsRefusedOnceOperatorsFollow() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> filtered = pipeline.source(users()).filter(v -> true);
      filtered.map(String::length);

      assertThatThrownBy(() -> filtered.named("adults"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot name filter 'users-filter' 'adults'")
          .hasMessageContaining("operators already follow it")
          .hasMessageContaining("Call named(...) right after the operator");
      assertThat(names(pipeline)).contains("users-filter").doesNotContain("adults");
    }

    @Test
    void aRenamedOperatorFreesItsDerivedName() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.filter(v -> true).named("adults");
      users.filter(v -> true);

      assertThat(names(pipeline)).containsExactly("users", "adults", "users-filter");
    }

    @Test
    void namedToANameInUseIsRefused() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());
      users.filter(v -> true).named("adults");
      Stream<String> second = users.filter(v -> true);

      assertThatThrownBy(() -> second.named("adults"))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Two operators are named 'adults'")
          .hasMessageContaining("the first is filter 'adults'")
          .hasMessageContaining("rename one of them");
    }
  }

  @Nested
  class DuplicateNames {

    @Test
    void twoOperatorsWithOneNameAreRefusedNamingBothAndTheFix() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());
      keyed.process("enrich", echo());

      assertThatThrownBy(() -> keyed.process("enrich", echo()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Two operators are named 'enrich'")
          .hasMessageContaining("(the first is process 'enrich')")
          .hasMessageContaining("rename one of them");
    }

    @Test
    void anExplicitNameMayNotTakeADerivedOne() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());
      users.filter(v -> true);

      assertThatThrownBy(() -> users.map(String::trim).named("users-filter"))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Two operators are named 'users-filter'")
          .hasMessageContaining("the first is filter 'users-filter'");
    }

    @Test
    void twoSourcesWithOneNameAreRefused() {
      Pipeline pipeline = Pipeline.create();
      pipeline.source(KafkaSource.of("a", Serdes.string(), Serdes.string()).named("in"));

      assertThatThrownBy(
              () ->
                  pipeline.source(
                      KafkaSource.of("b", Serdes.string(), Serdes.string()).named("in")))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Two operators are named 'in'")
          .hasMessageContaining("the first is source 'in'");
    }

    @Test
    void aRefusedOperatorIsNotAdded() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());
      keyed.process("enrich", echo());
      List<String> before = names(pipeline);

      assertThatThrownBy(() -> keyed.process("enrich", echo()))
          .isInstanceOf(TopologyException.class);

      assertThat(names(pipeline)).isEqualTo(before);
    }
  }

  @Nested
  class States {

    @Test
    void aStateDeclaredByTwoOperatorsIsRefusedNamingTheStateAndBothOperators() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());
      keyed.process("first", echo(), COUNT);

      assertThatThrownBy(() -> keyed.process("second", echo(), COUNT))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("State 'count'")
          .hasMessageContaining("operator 'first'")
          .hasMessageContaining("operator 'second'")
          .hasMessageContaining("give one of them another name");
    }

    @Test
    void twoDescriptorsWithOneNameAreOneStateToo() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());
      keyed.process("first", echo(), StateDescriptor.value("seen", Serdes.string()));

      assertThatThrownBy(
              () -> keyed.process("second", echo(), StateDescriptor.list("seen", Serdes.longs())))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("State 'seen' is declared by operator 'first' and again by"
              + " operator 'second'");
    }

    @Test
    void oneOperatorDeclaringAStateTwiceIsRefused() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());

      assertThatThrownBy(() -> keyed.process("first", echo(), COUNT, COUNT))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("State 'count'")
          .hasMessageContaining("operator 'first'");
    }

    @Test
    void aReduceOwnsTheStateNamedAfterIt() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, Long> keyed =
          pipeline
              .source(KafkaSource.of("n", Serdes.string(), Serdes.longs()))
              .keyBy(v -> "k", Serdes.string());
      keyed.reduce("total", Long::sum, Serdes.longs());

      assertThatThrownBy(
              () ->
                  keyed.process(
                      "other",
                      () ->
                          new KeyedProcessFunction<String, Long, Long>() {
                            @Override
                            public void processElement(
                                Long value, Context<String> context, Collector<Long> out) {}
                          },
                      StateDescriptor.value("total", Serdes.longs())))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("State 'total' is declared by operator 'total' and again by"
              + " operator 'other'");
    }

    @Test
    void processKeepsItsDeclaredStates() {
      Pipeline pipeline = Pipeline.create();
      var seen = StateDescriptor.list("seen", Serdes.string());
      pipeline.source(users()).keyBy(v -> v, Serdes.string()).process("p", echo(), COUNT, seen);

      ProcessNode process = (ProcessNode) node(pipeline, "p");
      assertThat(process.states()).containsExactly(COUNT, seen);
      assertThat(process.kind()).isEqualTo("process");
    }
  }

  @Nested
  class Topics {

    @Test
    void aTopicReadByTwoSourcesIsRefused() {
      Pipeline pipeline = Pipeline.create();
      pipeline.source(KafkaSource.of("clicks", Serdes.string(), Serdes.string()));

      assertThatThrownBy(
              () ->
                  pipeline.source(
                      KafkaSource.of(List.of("views", "clicks"), Serdes.string(), Serdes.string())))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Topic 'clicks' is read by two sources")
          .hasMessageContaining("'source-clicks'")
          .hasMessageContaining("'source-views-clicks'")
          .hasMessageContaining("read it once and use the stream it gives in several places");
    }

    @Test
    void aKeyedSourceAndAPlainSourceOfOneTopicAreRefusedToo() {
      Pipeline pipeline = Pipeline.create();
      pipeline.keyedSource(KafkaSource.of("clicks", Serdes.string(), Serdes.string()).named("a"));

      assertThatThrownBy(
              () ->
                  pipeline.source(
                      KafkaSource.of("clicks", Serdes.string(), Serdes.string()).named("b")))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Topic 'clicks' is read by two sources, 'a' and 'b'");
    }

    @Test
    void sourcesRecordTheirTopicsAndWhetherTheyAreKeyed() {
      Pipeline pipeline = Pipeline.create();
      pipeline.source(KafkaSource.of(List.of("a", "b"), Serdes.string(), Serdes.string()));
      pipeline.keyedSource(KafkaSource.of("c", Serdes.string(), Serdes.string()));

      List<SourceNode> sources = pipeline.graph().sources();
      assertThat(sources).hasSize(2);
      assertThat(sources.get(0).topics()).containsExactly("a", "b");
      assertThat(sources.get(0).keyed()).isFalse();
      assertThat(sources.get(1).topics()).containsExactly("c");
      assertThat(sources.get(1).keyed()).isTrue();
    }
  }

  @Nested
  class KeyBySerdes {

    @Test
    void keyByAfterMapWithoutAValueSerdeTellsHowToGiveOne() {
      Pipeline pipeline = Pipeline.create();
      Stream<Integer> lengths = pipeline.source(users()).map(String::length);

      assertThatThrownBy(() -> lengths.keyBy(n -> n, Serdes.ints()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("keyBy after map 'users-map'")
          .hasMessageContaining("needs a serde for the values it writes to its repartition topic")
          .hasMessageContaining("keyBy(Repartition.by(selector, keySerde).valueSerde(serde))")
          .hasMessageContaining("withValueSerde(serde)");
    }

    @Test
    void keyByAfterFlatMapWithoutAValueSerdeIsRefused() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> words =
          pipeline
              .source(users())
              .flatMap((String v, Collector<String> out) -> out.collect(v));

      assertThatThrownBy(() -> words.keyBy(w -> w, Serdes.string()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("keyBy after flat-map 'users-flat-map'")
          .hasMessageContaining("withValueSerde(serde)");
    }

    @Test
    void keyByAfterAKeyedProcessWithoutAValueSerdeIsRefused() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> processed =
          pipeline.source(users()).keyBy(v -> v, Serdes.string()).process("p", echo()).asStream();

      assertThatThrownBy(() -> processed.keyBy(v -> v, Serdes.string()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("keyBy after process 'p'");
    }

    @Test
    void withValueSerdeBeforeKeyByIsEnough() {
      Pipeline pipeline = Pipeline.create();

      pipeline
          .source(users())
          .map(String::length)
          .withValueSerde(Serdes.ints())
          .keyBy(n -> n, Serdes.ints());

      RepartitionNode keyBy = (RepartitionNode) node(pipeline, "users-map-key-by");
      assertThat(keyBy.valueSerde()).isSameAs(Serdes.ints());
      assertThat(keyBy.keySerde()).isSameAs(Serdes.ints());
    }

    @Test
    void aRepartitionValueSerdeIsEnoughAndWins() {
      Pipeline pipeline = Pipeline.create();

      pipeline
          .source(users())
          .map(String::length)
          .keyBy(Repartition.<Integer, Integer>by(n -> n, Serdes.ints()).valueSerde(Serdes.ints()));

      assertThat(((RepartitionNode) node(pipeline, "users-map-key-by")).valueSerde())
          .isSameAs(Serdes.ints());
    }

    @Test
    void filterAndPeekKeepTheSourceValueSerde() {
      Pipeline pipeline = Pipeline.create();

      pipeline.source(users()).filter(v -> true).peek(v -> {}).keyBy(v -> v, Serdes.string());

      assertThat(((RepartitionNode) node(pipeline, "users-filter-peek-key-by")).valueSerde())
          .isSameAs(Serdes.string());
    }

    /**
     * The value serde was lost by the map, not by the filter after it: the message should blame
     * the operator that changed the type. Today it says "(filter changes the value type)".
     */
    @Test
    void keyByAfterAFilterAfterAMapBlamesTheMapNotTheFilter() {
      Pipeline pipeline = Pipeline.create();
      Stream<Integer> lengths = pipeline.source(users()).map(String::length).filter(n -> n > 0);

      assertThatThrownBy(() -> lengths.keyBy(n -> n, Serdes.ints()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("withValueSerde(serde)")
          .hasMessageNotContaining("filter changes the value type");
    }

    @Test
    void repartitionOptionsReachTheGraph() {
      Pipeline pipeline = Pipeline.create();

      pipeline
          .source(users())
          .keyBy(Repartition.<String, String>by(v -> v, Serdes.string()).named("by-name").partitions(6));

      RepartitionNode keyBy = (RepartitionNode) node(pipeline, "by-name");
      assertThat(keyBy.partitions()).hasValue(6);
      assertThat(keyBy.valueSerde()).isSameAs(Serdes.string());
      assertThat(keyBy.topic("app")).isEqualTo("app-by-name-repartition");
    }

    @Test
    void aRepartitionWithoutPartitionsLeavesTheCountToTheUpstreamStage() {
      Pipeline pipeline = Pipeline.create();

      pipeline.source(users()).keyBy(v -> v, Serdes.string());

      assertThat(((RepartitionNode) node(pipeline, "users-key-by")).partitions()).isEmpty();
    }
  }

  @Nested
  class Sinks {

    @Test
    void aPlainStreamSinkWritesTheKeyFunctionsKeyOrNone() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.sinkTo(KafkaSink.of("keyed", Serdes.string(), Serdes.string()).withKey(v -> v));
      users.sinkTo(KafkaSink.of("unkeyed", Serdes.string(), Serdes.string()));

      SinkNode keyed = (SinkNode) node(pipeline, "users-sink-keyed");
      assertThat(keyed.keySerde()).isSameAs(Serdes.string());
      assertThat(keyed.keyFunction()).isNotNull();
      assertThat(keyed.streamKey()).isFalse();
      SinkNode unkeyed = (SinkNode) node(pipeline, "users-sink-unkeyed");
      assertThat(unkeyed.keySerde()).as("no key function on a plain stream: no key").isNull();
      assertThat(unkeyed.streamKey()).isFalse();
    }

    @Test
    void aKeyedStreamSinkWritesTheStreamKeyUnlessTheSinkHasAKeyFunction() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());

      keyed.sinkTo(KafkaSink.of("by-stream-key", Serdes.string(), Serdes.string()));
      keyed.sinkTo(
          KafkaSink.of("by-function", Serdes.string(), Serdes.string()).withKey(String::trim));
      keyed.sinkTo(KafkaSink.<String, String>of("named", Serdes.string(), Serdes.string())
          .named("out"));

      SinkNode streamKey = (SinkNode) node(pipeline, "users-key-by-sink-by-stream-key");
      assertThat(streamKey.streamKey()).isTrue();
      assertThat(streamKey.keyFunction()).isNull();
      SinkNode function = (SinkNode) node(pipeline, "users-key-by-sink-by-function");
      assertThat(function.streamKey()).isFalse();
      assertThat(function.keyFunction()).isNotNull();
      assertThat(node(pipeline, "out")).isInstanceOf(SinkNode.class);
    }

    @Test
    void twoSinksToOneTopicFromOneStreamGetNumberedNames() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      users.sinkTo(KafkaSink.valuesOnly("out", Serdes.string()));
      users.sinkTo(KafkaSink.valuesOnly("out", Serdes.string()));

      assertThat(names(pipeline)).containsExactly("users", "users-sink-out", "users-sink-out-2");
    }
  }

  @Nested
  class IllegalNames {

    @Test
    void anOperatorNameWithASpaceIsRefusedSayingWhatIsAllowed() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());

      assertThatThrownBy(() -> keyed.process("count clicks", echo()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Operator name 'count clicks' is not allowed")
          .hasMessageContaining("letters, digits, '.', '_' and '-'")
          .hasMessageContaining("1 to 200 characters");
    }

    @Test
    void illegalNamesAreRefusedWhereverANameIsGiven() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      assertThatThrownBy(
              () ->
                  pipeline.source(
                      KafkaSource.of("other", Serdes.string(), Serdes.string()).named("my source")))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("'my source' is not allowed");
      assertThatThrownBy(() -> users.filter(v -> true).named("a/b"))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("'a/b' is not allowed");
      assertThatThrownBy(
              () ->
                  users.keyBy(
                      Repartition.<String, String>by(v -> v, Serdes.string()).named("by user")))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("'by user' is not allowed");
      assertThatThrownBy(
              () -> users.sinkTo(KafkaSink.valuesOnly("x", Serdes.string()).named("sink:x")))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("'sink:x' is not allowed");
    }

    @Test
    void nameLengthIsOneTo200() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());

      assertThatCode(() -> keyed.process("p".repeat(200), echo())).doesNotThrowAnyException();
      assertThatThrownBy(() -> keyed.process("q".repeat(201), echo()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("is not allowed");
      assertThatThrownBy(() -> keyed.process("", echo()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Operator name '' is not allowed");
    }

    @Test
    void lettersDigitsDotsUnderscoresAndDashesAreAllowed() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> keyed = pipeline.source(users()).keyBy(v -> v, Serdes.string());

      keyed.process("Count_clicks.v2-final", echo());

      assertThat(names(pipeline)).contains("Count_clicks.v2-final");
    }

    @Test
    void nullsAreRefusedNamingTheArgument() {
      Pipeline pipeline = Pipeline.create();
      Stream<String> users = pipeline.source(users());

      assertThatThrownBy(() -> users.map(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("function");
      assertThatThrownBy(() -> users.filter(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("predicate");
      assertThatThrownBy(() -> users.named(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("name");
      assertThatThrownBy(() -> users.sinkTo(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("sink");
    }
  }
}
