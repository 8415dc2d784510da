package dev.weir.api.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.TopologyException;
import dev.weir.api.WindowedStream;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.SideOutputNode;
import dev.weir.serde.Serdes;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a window operator adds to the pipeline graph, and what the builder refuses. */
class WindowedStreamTest {

  private static final Duration MARGIN = Duration.ofDays(1);

  /** Sums; does not implement merge. */
  private static final AggregateFunction<Long, Long, Long> SUM =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
          return accumulator + value;
        }

        @Override
        public Long result(Long accumulator) {
          return accumulator;
        }
      };

  private static KeyedStream<String, Long> numbers(Pipeline pipeline) {
    return pipeline.keyedSource(
        KafkaSource.of("numbers", Serdes.string(), Serdes.longs()).named("numbers"));
  }

  private static ProcessNode node(Pipeline pipeline, String name) {
    for (Node node : pipeline.graph().nodes()) {
      if (node.name().equals(name)) {
        return (ProcessNode) node;
      }
    }
    throw new AssertionError("no node " + name);
  }

  private static Optional<Duration> retention(ProcessNode node, String state) {
    for (StateDescriptor<?> descriptor : node.states()) {
      if (descriptor.name().equals(state)) {
        return descriptor.changelogRetention();
      }
    }
    throw new AssertionError("no state " + state + " in " + node.states());
  }

  @Nested
  class Graph {

    @Test
    void aWindowReduceIsOneWindowNodeWithOneStateWhoseChangelogOutlivesTheWindow() {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
          .allowedLateness(Duration.ofMinutes(5))
          .reduce("sums", Long::sum, Serdes.longs());

      ProcessNode node = node(pipeline, "sums");
      assertThat(node.kind()).isEqualTo("window");
      assertThat(node.parents()).extracting(Node::name).containsExactly("numbers");
      assertThat(node.states()).extracting(StateDescriptor::name).containsExactly("sums.windows");
      assertThat(retention(node, "sums.windows"))
          .contains(Duration.ofMinutes(6).plus(MARGIN));
      assertThat(node.function().get()).isNotSameAs(node.function().get());
    }

    @Test
    void aProcessWindowAlsoKeepsItsElements() {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(SlidingEventTimeWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(1)))
          .process("listed", (key, context, elements, out) -> out.collect(key), Serdes.longs());

      ProcessNode node = node(pipeline, "listed");
      assertThat(node.states())
          .extracting(StateDescriptor::name)
          .containsExactly("listed.windows", "listed.elements");
      assertThat(retention(node, "listed.windows")).contains(Duration.ofMinutes(10).plus(MARGIN));
      assertThat(retention(node, "listed.elements")).contains(Duration.ofMinutes(10).plus(MARGIN));
    }

    @Test
    void sessionElementsHaveNoTimeRetentionBecauseASessionHasNoBoundedLength() {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMinutes(30)))
          .allowedLateness(Duration.ofMinutes(1))
          .process("sessions", (key, context, elements, out) -> out.collect(key), Serdes.longs());

      ProcessNode node = node(pipeline, "sessions");
      assertThat(retention(node, "sessions.windows"))
          .contains(Duration.ofMinutes(31).plus(MARGIN));
      assertThat(retention(node, "sessions.elements")).isEmpty();
    }

    @Test
    void globalWindowsNeverEndSoTheirChangelogIsOnlyCompacted() {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(GlobalWindows.create())
          .trigger(PurgingTrigger.of(CountTrigger.of(3)))
          .reduce("every-three", Long::sum, Serdes.longs());

      assertThat(retention(node(pipeline, "every-three"), "every-three.windows")).isEmpty();
    }

    @Test
    void processingTimeWindowsKeepStateForTheirSizeOnly() {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(10)))
          .reduce("sums", Long::sum, Serdes.longs());

      assertThat(retention(node(pipeline, "sums"), "sums.windows"))
          .contains(Duration.ofSeconds(10).plus(MARGIN));
    }

    @Test
    void lateDataIsASideOutputOfTheWindowNode() {
      OutputTag<Long> late = OutputTag.of("late", Serdes.longs());
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> counts =
          numbers(pipeline)
              .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
              .sideOutputLateData(late)
              .aggregate(
                  "counts",
                  SUM,
                  Serdes.longs(),
                  (key, window, sum) -> key + window.start() + window.end() + sum);

      counts.sideOutput(late);

      Node side = pipeline.graph().nodes().get(pipeline.graph().nodes().size() - 1);
      assertThat(side).isInstanceOf(SideOutputNode.class);
      assertThat(side.parents()).extracting(Node::name).containsExactly("counts");
      assertThat(((SideOutputNode) side).tag()).isEqualTo(late);
    }

    @Test
    void configuringReturnsACopyAndLeavesTheOriginalAsItWas() {
      Pipeline pipeline = Pipeline.create();
      WindowedStream<String, Long, TimeWindow> windowed =
          numbers(pipeline).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)));

      windowed.allowedLateness(Duration.ofMinutes(5));
      windowed.reduce("sums", Long::sum, Serdes.longs());

      assertThat(retention(node(pipeline, "sums"), "sums.windows"))
          .contains(Duration.ofMinutes(1).plus(MARGIN));
    }
  }

  @Nested
  class Refusals {

    private final Pipeline pipeline = Pipeline.create();

    @Test
    void twoOperatorsWithOneNameFail() {
      var windowed = numbers(pipeline).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)));
      windowed.reduce("sums", Long::sum, Serdes.longs());

      assertThatThrownBy(() -> windowed.reduce("sums", Long::sum, Serdes.longs()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Two operators are named 'sums'");
    }

    @Test
    void aNameThatCannotNameTheStatesFails() {
      var windowed = numbers(pipeline).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)));

      assertThatThrownBy(() -> windowed.reduce("my sums", Long::sum, Serdes.longs()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("Window operator name 'my sums' is not allowed")
          .hasMessageContaining("1 to 191 characters");
      assertThatThrownBy(() -> windowed.reduce("s".repeat(192), Long::sum, Serdes.longs()))
          .isInstanceOf(TopologyException.class)
          .hasMessageContaining("is not allowed");
      assertThat(windowed.reduce("s".repeat(191), Long::sum, Serdes.longs())).isNotNull();
    }

    @Test
    void aTriggerThatCannotMergeIsRefusedForSessions() {
      Trigger<Object, Window> notMerging =
          new Trigger<>() {
            @Override
            public TriggerResult onElement(
                Object element, long timestamp, Window window, TriggerContext context) {
              return TriggerResult.CONTINUE;
            }

            @Override
            public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
              return TriggerResult.CONTINUE;
            }

            @Override
            public TriggerResult onProcessingTime(
                long time, Window window, TriggerContext context) {
              return TriggerResult.CONTINUE;
            }

            @Override
            public void clear(Window window, TriggerContext context) {}

            @Override
            public String toString() {
              return "NotMerging";
            }
          };
      var sessions =
          numbers(pipeline).window(EventTimeSessionWindows.withGap(Duration.ofMinutes(1)));

      assertThatThrownBy(() -> sessions.trigger(notMerging))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("The trigger NotMerging cannot merge windows")
          .hasMessageContaining("EventTimeSessionWindows(gap PT1M) merge windows");
      assertThat(sessions.trigger(CountTrigger.of(2))).isNotNull();
    }

    @Test
    void anAggregateWithoutMergeIsRefusedForSessions() {
      var sessions =
          numbers(pipeline).window(EventTimeSessionWindows.withGap(Duration.ofMinutes(1)));

      assertThatThrownBy(() -> sessions.aggregate("sums", SUM, Serdes.longs()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not implement merge(a, b)")
          .hasMessageContaining("implement AggregateFunction.merge");
    }

    @Test
    void lateDataSettingsAreRefusedForWindowsThatHaveNoLateData() {
      KeyedStream<String, Long> numbers = numbers(pipeline);
      var processing = numbers.window(TumblingProcessingTimeWindows.of(Duration.ofMinutes(1)));
      var global = numbers.window(GlobalWindows.create());

      assertThatThrownBy(() -> processing.allowedLateness(Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "An allowed lateness was set for TumblingProcessingTimeWindows(PT1M), which are not"
                  + " event-time windows");
      assertThatThrownBy(() -> global.sideOutputLateData(OutputTag.of("late")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("A late-data side output was set for GlobalWindows");
      assertThat(processing.allowedLateness(Duration.ZERO)).isNotNull();
    }

    @Test
    void aNegativeOrSubMillisecondLatenessIsRefused() {
      var windowed = numbers(pipeline).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)));

      assertThatThrownBy(() -> windowed.allowedLateness(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "The allowed lateness must be zero or a positive whole number of milliseconds,"
                  + " found PT-0.001S");
      assertThatThrownBy(() -> windowed.allowedLateness(Duration.ofNanos(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found PT0.000000001S");
    }

    @Test
    void nullArgumentsAreRefusedNamingTheArgument() {
      var windowed = numbers(pipeline).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)));

      assertThatThrownBy(() -> numbers(Pipeline.create()).window(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("assigner");
      assertThatThrownBy(() -> windowed.trigger(null)).hasMessage("trigger");
      assertThatThrownBy(() -> windowed.reduce("r", null, Serdes.longs())).hasMessage("reducer");
      assertThatThrownBy(() -> windowed.aggregate("a", SUM, null))
          .hasMessage("accumulatorSerde");
      assertThatThrownBy(() -> windowed.process("p", null, Serdes.longs())).hasMessage("function");
      assertThatThrownBy(
              () -> windowed.process("p", (k, c, e, o) -> o.collect(k), null))
          .hasMessage("elementSerde");
    }
  }
}
