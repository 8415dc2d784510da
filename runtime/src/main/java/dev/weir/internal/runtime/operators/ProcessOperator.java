package dev.weir.internal.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TopologyException;
import dev.weir.internal.functions.TimersFromState;
import dev.weir.internal.functions.TimestampedCollector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.TimerService;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.runtime.time.Timers;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs a task's instance of a {@link KeyedProcessFunction}. The function's state handles and
 * timers read and write the key in the record context; {@link #fire} calls {@code onTimer} with the
 * timer's key set in it.
 */
public final class ProcessOperator extends Operator
    implements TimestampedCollector<Object>,
        KeyedProcessFunction.OnTimerContext<Object>,
        TimerService {

  private final KeyedProcessFunction<Object, Object, Object> function;
  private final RecordContext context;
  private final Map<String, Operator[]> sideOutputs;
  private final Timers timers;
  private final TaskTime time;
  private final InstantSource clock;
  private TimeDomain firing;

  /** What the operator needs from its task, besides its node and downstream operators. */
  public record Wiring(
      RecordContext context,
      Map<String, State> states,
      Map<String, Operator[]> sideOutputs,
      Timers timers,
      TaskTime time,
      InstantSource clock,
      int partition,
      BiFunction<String, String, KeyedProcessFunction.OperatorCounter> counters) {}

  @SuppressWarnings("unchecked")
  public ProcessOperator(ProcessNode node, Operator[] next, Wiring wiring) {
    super(node.name(), next);
    this.context = wiring.context();
    this.sideOutputs = wiring.sideOutputs();
    this.timers = wiring.timers();
    this.time = wiring.time();
    this.clock = wiring.clock();
    KeyedProcessFunction<?, ?, ?> instance = node.function().get();
    if (instance == null) {
      throw new TopologyException(
          "The function supplier of operator '" + node.name() + "' returned null");
    }
    this.function = (KeyedProcessFunction<Object, Object, Object>) instance;
    try {
      function.open(new Opener(node.name(), wiring));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "open() of operator '" + node.name() + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void process(Object value) {
    try {
      function.processElement(value, this, this);
    } catch (RecordProcessingException e) {
      throw e; // thrown after us, already named
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
  }

  /**
   * Calls {@code onTimer} for one due timer; the record context already holds its key and time.
   */
  public void fire(TimeDomain domain, long timestamp) {
    firing = domain;
    try {
      function.onTimer(timestamp, this, this);
    } catch (RecordProcessingException e) {
      throw e;
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    } finally {
      firing = null;
    }
  }

  /**
   * How the function re-registers its timers from its state, or null if its timers must be kept in
   * the changelog.
   */
  public TimersFromState timersFromState() {
    return function instanceof TimersFromState derived ? derived : null;
  }

  /**
   * Registers the timers of the key in the record context again, from the function's state; only
   * for a function that {@link #timersFromState} answers for.
   */
  public void restoreTimers() {
    try {
      ((TimersFromState) function).restoreTimers(this);
    } catch (RecordProcessingException e) {
      throw e;
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
  }

  /** This operator's timers. */
  public Timers timers() {
    return timers;
  }

  @Override
  public void collect(Object value) {
    if (value == null) {
      throw new RecordProcessingException(
          name, new NullPointerException("process function collected null"));
    }
    emit(value);
  }

  @Override
  public void collect(Object value, long timestamp) {
    long recordTimestamp = context.timestamp();
    context.timestamp(timestamp);
    try {
      collect(value);
    } finally {
      context.timestamp(recordTimestamp);
    }
  }

  @Override
  public <X> void output(OutputTag<X> tag, X value) {
    Operator[] side = sideOutputs.get(tag.id());
    if (side == null) {
      return;
    }
    if (value == null) {
      throw new RecordProcessingException(
          name, new NullPointerException("null sent to side output " + tag.id()));
    }
    for (Operator operator : side) {
      operator.process(value);
    }
  }

  @Override
  public Object key() {
    return context.key();
  }

  @Override
  public long timestamp() {
    return context.timestamp();
  }

  @Override
  public TimerService timerService() {
    return this;
  }

  @Override
  public TimeDomain timeDomain() {
    if (firing == null) {
      throw new IllegalStateException("timeDomain() is only known inside onTimer");
    }
    return firing;
  }

  @Override
  public long currentWatermark() {
    return time.watermark();
  }

  @Override
  public long currentProcessingTime() {
    return clock.millis();
  }

  @Override
  public void registerEventTimeTimer(long when) {
    timers.register(TimeDomain.EVENT_TIME, when, currentKeyBytes());
  }

  @Override
  public void registerProcessingTimeTimer(long when) {
    timers.register(TimeDomain.PROCESSING_TIME, when, currentKeyBytes());
  }

  @Override
  public void deleteEventTimeTimer(long when) {
    timers.delete(TimeDomain.EVENT_TIME, when, currentKeyBytes());
  }

  @Override
  public void deleteProcessingTimeTimer(long when) {
    timers.delete(TimeDomain.PROCESSING_TIME, when, currentKeyBytes());
  }

  private byte[] currentKeyBytes() {
    byte[] key = context.keyBytes();
    if (key == null) {
      throw new IllegalStateException("Timers need a keyed record; operator '" + name + "'");
    }
    return key;
  }

  @Override
  public void close() {
    try {
      function.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(ProcessOperator.class)
          .warn("close() of operator '{}' failed", name, e);
    }
    super.close();
    sideOutputs.values().forEach(operators -> {
      for (Operator operator : operators) {
        operator.close();
      }
    });
  }

  private static final class Opener implements KeyedProcessFunction.OpenContext {
    private final String operatorName;
    private final Wiring wiring;

    Opener(String operatorName, Wiring wiring) {
      this.operatorName = operatorName;
      this.wiring = wiring;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S state(StateDescriptor<S> descriptor) {
      State state = wiring.states().get(descriptor.name());
      if (state == null) {
        throw new TopologyException(
            "Operator '"
                + operatorName
                + "' asks for state '"
                + descriptor.name()
                + "', which it did not declare. Pass the descriptor to process(name, function,"
                + " states...): declared states are "
                + wiring.states().keySet()
                + ".");
      }
      return (S) state;
    }

    @Override
    public String operatorName() {
      return operatorName;
    }

    @Override
    public int partition() {
      return wiring.partition();
    }

    @Override
    public KeyedProcessFunction.OperatorCounter counter(String metric) {
      return wiring.counters().apply(operatorName, metric);
    }
  }
}
