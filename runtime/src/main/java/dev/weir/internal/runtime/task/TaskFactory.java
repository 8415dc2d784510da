package dev.weir.internal.runtime.task;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.internal.functions.TimersFromState;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SideOutputNode;
import dev.weir.internal.graph.SinkNode;
import dev.weir.internal.graph.SourceNode;
import dev.weir.internal.graph.TransformNode;
import dev.weir.internal.runtime.operators.InputOperator;
import dev.weir.internal.runtime.operators.KafkaSinkOperator;
import dev.weir.internal.runtime.operators.Operator;
import dev.weir.internal.runtime.operators.ProcessOperator;
import dev.weir.internal.runtime.operators.RecordContext;
import dev.weir.internal.runtime.operators.RepartitionWriter;
import dev.weir.internal.runtime.operators.TransformOperators;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Stage;
import dev.weir.internal.runtime.state.KeyedStates;
import dev.weir.internal.runtime.state.Ttl;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.runtime.time.Timers;
import dev.weir.internal.state.StateBackend;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes tasks: opens a task's store (which its thread then brings up to date from the changelog),
 * and builds its operator chain over the restored store, with a fresh instance of each process
 * function. One per processing thread.
 */
public final class TaskFactory {

  private final Plan plan;
  private final int[] stagePartitions;
  private final StateBackend backend;
  private final Path stateDirectory;
  private final RecordBuffer buffer;
  private final InstantSource clock;
  private final BiFunction<String, String, KeyedProcessFunction.OperatorCounter> counters;
  private final LongConsumer restoredCounter;

  /**
   * @param stagePartitions task count of each stage, by stage id
   * @param backend opens stores; may be null when no stage has state
   * @param stateDirectory the application's state folder; each task gets a folder below it
   * @param clock the processing-time clock of timers and idleness
   * @param counters makes an operator's counter from (operator, metric name)
   * @param restoredCounter told how many changelog records each restore applied
   */
  public TaskFactory(
      Plan plan,
      int[] stagePartitions,
      StateBackend backend,
      Path stateDirectory,
      RecordBuffer buffer,
      InstantSource clock,
      BiFunction<String, String, KeyedProcessFunction.OperatorCounter> counters,
      LongConsumer restoredCounter) {
    this.plan = plan;
    this.stagePartitions = stagePartitions.clone();
    this.backend = backend;
    this.stateDirectory = stateDirectory;
    this.buffer = buffer;
    this.clock = clock;
    this.counters = counters;
    this.restoredCounter = restoredCounter;
  }

  /** The task that reads {@code partition}, if the plan has one. */
  public TaskId taskOf(TopicPartition partition) {
    Stage stage =
        plan.stageReading(partition.topic())
            .orElseThrow(
                () -> new IllegalStateException("No stage reads " + partition.topic()));
    return new TaskId(stage.id(), partition.partition());
  }

  /** The changelog topic of each state of the task's stage, by state index; empty without state. */
  public String[] changelogTopics(TaskId id) {
    return plan.stages().get(id.stage()).states().stream()
        .map(state -> Stage.changelogTopic(plan.applicationId(), state.name()))
        .toArray(String[]::new);
  }

  /** Whether the task's stage keeps state, so the task has a store to open and restore. */
  public boolean stateful(TaskId id) {
    return !plan.stages().get(id.stage()).states().isEmpty();
  }

  /**
   * Opens the task's store as it is on disk (nothing restored yet). Only for a {@link #stateful}
   * task, and only by the one thread that holds the task's lock.
   */
  public TaskStore openStore(TaskId id) {
    List<String> names =
        plan.stages().get(id.stage()).states().stream().map(StateDescriptor::name).toList();
    return backend.open(stateDirectory.resolve(id.toString()), names);
  }

  /**
   * Creates the task {@code id} reading {@code partitions} over a store that is already up to date
   * with its changelog. On failure the store is closed.
   *
   * @param store the task's restored store; null for a task without state
   * @param watermark the committed watermark to resume from, or {@link TaskTime#NONE}
   * @param restored changelog records replayed into the store before it was handed over
   */
  public Task create(
      TaskId id,
      Collection<TopicPartition> partitions,
      long watermark,
      TaskStore store,
      long restored) {
    Stage stage = plan.stages().get(id.stage());
    String[] changelogTopics = changelogTopics(id);
    WriteCache cache = store == null ? null : new WriteCache(store, changelogTopics.length);
    restoredCounter.accept(restored);
    List<TopicPartition> inputs = new ArrayList<>(partitions);
    try {
      Chain chain =
          new Chain(stage, id.partition(), cache, changelogTopics, time(stage, inputs, watermark));
      InputOperator input = chain.input();
      Map<String, Integer> repartitionOutputs = new LinkedHashMap<>();
      for (RepartitionNode writer : stage.repartitionWriters()) {
        String topic = writer.topic(plan.applicationId());
        repartitionOutputs.put(topic, stagePartitions[plan.stageReading(topic).orElseThrow().id()]);
      }
      Task task =
          new Task(
              new Task.Parts(
                  id,
                  input,
                  inputs,
                  store,
                  cache,
                  changelogTopics,
                  buffer,
                  chain.context,
                  chain.time,
                  chain.processors,
                  chain.ttls,
                  chain.stateTimers,
                  chain.keyDeserializer(),
                  repartitionOutputs,
                  restored));
      task.restoreTimers();
      return task;
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  private TaskTime time(Stage stage, List<TopicPartition> inputs, long watermark) {
    if (stage.root() instanceof SourceNode source) {
      WatermarkStrategy<?> strategy = source.watermarks();
      return TaskTime.forSources(
          clock,
          strategy.outOfOrderness().map(Duration::toMillis).orElse(-1L),
          strategy.idleness().map(Duration::toMillis).orElse(-1L),
          inputs.size(),
          watermark);
    }
    Stage writer = plan.writerOf((RepartitionNode) stage.root());
    return TaskTime.forRepartition(clock, inputs.size(), stagePartitions[writer.id()], watermark);
  }

  /** Builds one task's operators from the stage's nodes, leaves first. */
  private final class Chain {
    private final Stage stage;
    private final int partition;
    private final RecordContext context = new RecordContext(buffer);
    private final WriteCache cache;
    private final String[] changelogTopics;
    private final TaskTime time;
    private final Serde<?> keySerde;
    private final List<ProcessOperator> processors = new ArrayList<>();
    private final List<Ttl> ttls = new ArrayList<>();
    private final List<Task.StateTimers> stateTimers = new ArrayList<>();

    Chain(
        Stage stage,
        int partition,
        WriteCache cache,
        String[] changelogTopics,
        TaskTime time) {
      this.stage = stage;
      this.partition = partition;
      this.cache = cache;
      this.changelogTopics = changelogTopics;
      this.time = time;
      this.keySerde =
          stage.root() instanceof RepartitionNode repartition
              ? repartition.keySerde()
              : ((SourceNode) stage.root()).keyed() ? ((SourceNode) stage.root()).keySerde() : null;
    }

    @SuppressWarnings("unchecked")
    Deserializer<Object> keyDeserializer() {
      return keySerde == null ? null : (Deserializer<Object>) keySerde.deserializer();
    }

    InputOperator input() {
      Node root = stage.root();
      Operator[] next = children(root);
      if (root instanceof SourceNode source) {
        return new InputOperator(
            source.name(),
            next,
            context,
            source.keySerde(),
            source.valueSerde(),
            source.timestampAssigner(),
            source.keyed(),
            false,
            time);
      }
      RepartitionNode repartition = (RepartitionNode) root;
      return new InputOperator(
          repartition.name(),
          next,
          context,
          repartition.keySerde(),
          repartition.valueSerde(),
          null,
          true,
          true,
          time);
    }

    private Operator[] children(Node node) {
      List<Operator> operators = new ArrayList<>();
      for (Node child : node.children()) {
        if (!(child instanceof SideOutputNode)) {
          operators.add(build(child));
        }
      }
      return operators.toArray(new Operator[0]);
    }

    private Operator build(Node node) {
      if (node instanceof TransformNode transform) {
        return TransformOperators.of(transform, children(transform));
      }
      if (node instanceof ProcessNode process) {
        Map<String, Operator[]> sideOutputs = new HashMap<>();
        for (Node child : process.children()) {
          if (child instanceof SideOutputNode side) {
            sideOutputs.put(side.tag().id(), children(side));
          }
        }
        int timersIndex = indexOf(process.timersState());
        ProcessOperator operator =
            new ProcessOperator(
                process,
                children(process),
                new ProcessOperator.Wiring(
                    context,
                    states(process),
                    sideOutputs,
                    new Timers(cache, timersIndex),
                    time,
                    clock,
                    partition,
                    counters));
        processors.add(operator);
        TimersFromState derived = operator.timersFromState();
        if (derived != null) {
          operator.timers().keepInStoreOnly();
          stateTimers.add(
              new Task.StateTimers(operator, timersIndex, indexOf(derived.timerKeysState())));
        }
        return operator;
      }
      if (node instanceof SinkNode sink) {
        return new KafkaSinkOperator(sink, context, keySerde);
      }
      if (node instanceof RepartitionNode repartition) {
        String topic = repartition.topic(plan.applicationId());
        Stage reader = plan.stageReading(topic).orElseThrow();
        return new RepartitionWriter(repartition, context, topic, stagePartitions[reader.id()]);
      }
      throw new IllegalStateException("Cannot build an operator for " + node);
    }

    private int indexOf(String state) {
      List<StateDescriptor<?>> states = stage.states();
      for (int i = 0; i < states.size(); i++) {
        if (states.get(i).name().equals(state)) {
          return i;
        }
      }
      throw new IllegalStateException("Stage " + stage.id() + " has no state '" + state + "'");
    }

    private Map<String, State> states(ProcessNode process) {
      Map<String, State> states = new HashMap<>();
      for (StateDescriptor<?> descriptor : process.states()) {
        int index = indexOf(descriptor.name());
        Ttl ttl = null;
        if (descriptor.ttl().isPresent()) {
          ttl =
              new Ttl(
                  cache,
                  index,
                  indexOf(Ttl.indexStateName(descriptor.name())),
                  descriptor.ttl().get(),
                  clock::millis,
                  time::watermark);
          ttls.add(ttl);
        }
        states.put(
            descriptor.name(),
            KeyedStates.create(descriptor, cache, index, context, changelogTopics[index], ttl));
      }
      return states;
    }
  }
}
