package dev.weir.internal.runtime.task;

import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
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
import dev.weir.internal.runtime.restore.Restorer;
import dev.weir.internal.runtime.state.KeyedStates;
import dev.weir.internal.state.StateBackend;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes a task: opens its store, restores it from the changelog, and builds its operator chain
 * with a fresh instance of each process function. One per processing thread.
 */
public final class TaskFactory {

  private final Plan plan;
  private final int[] stagePartitions;
  private final StateBackend backend;
  private final Path stateDirectory;
  private final Restorer restorer;
  private final RecordBuffer buffer;
  private final LongConsumer restoredCounter;

  /**
   * @param stagePartitions task count of each stage, by stage id
   * @param backend opens stores; may be null when no stage has state
   * @param stateDirectory the application's state folder; each task gets a folder below it
   * @param restoredCounter told how many changelog records each restore applied
   */
  public TaskFactory(
      Plan plan,
      int[] stagePartitions,
      StateBackend backend,
      Path stateDirectory,
      Restorer restorer,
      RecordBuffer buffer,
      LongConsumer restoredCounter) {
    this.plan = plan;
    this.stagePartitions = stagePartitions.clone();
    this.backend = backend;
    this.stateDirectory = stateDirectory;
    this.restorer = restorer;
    this.buffer = buffer;
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

  /** Creates the task {@code id}, reading {@code partitions}; blocks while it restores. */
  public Task create(TaskId id, Collection<TopicPartition> partitions) {
    Stage stage = plan.stages().get(id.stage());
    String[] changelogTopics =
        stage.states().stream()
            .map(state -> Stage.changelogTopic(plan.applicationId(), state.name()))
            .toArray(String[]::new);
    TaskStore store = null;
    WriteCache cache = null;
    long restored = 0;
    if (changelogTopics.length > 0) {
      List<String> names = stage.states().stream().map(StateDescriptor::name).toList();
      store = backend.open(stateDirectory.resolve(id.toString()), names);
      try {
        restored = restorer.restore(store, changelogTopics, id.partition(), id.toString());
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      restoredCounter.accept(restored);
      cache = new WriteCache(store, changelogTopics.length);
    }
    RecordContext context = new RecordContext(buffer);
    try {
      Chain chain = new Chain(stage, id.partition(), context, cache, changelogTopics);
      InputOperator input = chain.input();
      Map<String, InputOperator> inputs = new HashMap<>();
      stage.inputTopics().forEach(topic -> inputs.put(topic, input));
      return new Task(
          id,
          inputs,
          new ArrayList<>(partitions),
          store,
          cache,
          changelogTopics,
          buffer,
          restored);
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  /** Builds one task's operators from the stage's nodes, leaves first. */
  private final class Chain {
    private final Stage stage;
    private final int partition;
    private final RecordContext context;
    private final WriteCache cache;
    private final String[] changelogTopics;
    private final Serde<?> keySerde;

    Chain(
        Stage stage,
        int partition,
        RecordContext context,
        WriteCache cache,
        String[] changelogTopics) {
      this.stage = stage;
      this.partition = partition;
      this.context = context;
      this.cache = cache;
      this.changelogTopics = changelogTopics;
      this.keySerde =
          stage.root() instanceof RepartitionNode repartition
              ? repartition.keySerde()
              : ((SourceNode) stage.root()).keyed() ? ((SourceNode) stage.root()).keySerde() : null;
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
            source.keyed());
      }
      RepartitionNode repartition = (RepartitionNode) root;
      return new InputOperator(
          repartition.name(),
          next,
          context,
          repartition.keySerde(),
          repartition.valueSerde(),
          null,
          true);
    }

    private Operator[] children(Node node) {
      List<Node> children = node.children();
      Operator[] operators = new Operator[children.size()];
      for (int i = 0; i < operators.length; i++) {
        operators[i] = build(children.get(i));
      }
      return operators;
    }

    private Operator build(Node node) {
      if (node instanceof TransformNode transform) {
        return TransformOperators.of(transform, children(transform));
      }
      if (node instanceof ProcessNode process) {
        return new ProcessOperator(
            process, children(process), context, states(process), partition);
      }
      if (node instanceof SinkNode sink) {
        return new KafkaSinkOperator(sink, context, keySerde);
      }
      if (node instanceof RepartitionNode repartition) {
        String topic = repartition.topic(plan.applicationId());
        Stage reader = plan.stageReading(topic).orElseThrow();
        return new RepartitionWriter(repartition, context, topic, stagePartitions[reader.id()]);
      }
      throw new IllegalStateException("A source cannot follow an operator: " + node);
    }

    private Map<String, State> states(ProcessNode process) {
      Map<String, State> states = new HashMap<>();
      for (StateDescriptor<?> descriptor : process.states()) {
        int index = stage.states().indexOf(descriptor);
        states.put(
            descriptor.name(),
            KeyedStates.create(descriptor, cache, index, context, changelogTopics[index]));
      }
      return states;
    }
  }
}
