package dev.weir.internal.windows;

import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.TopologyException;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.TimerService;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs one keyed process operator of a pipeline the way the runtime will, in memory, so window
 * semantics can be tested before the runtime has timers: map state stored as serialized bytes
 * under (key, user key), ordered as unsigned bytes like the real stores; one timer per (key, time)
 * and domain; {@link #advanceWatermark} fires due event-time timers in time order after setting
 * the watermark, as Flink does. Only map state is offered (what the window operator uses).
 *
 * <p>With {@link #restartingEachCall()}, the operator is thrown away and a new one opened before
 * every call, so any per-key data kept in Java fields instead of state is lost and tests fail.
 */
final class WindowHarness<K, T, O> {

  /** One emitted record. For timer output the timestamp is the timer's time. */
  record Output<K, V>(K key, V value, long timestamp) {}

  private record Timer(long time, Bytes key) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(time, other.time);
      return byTime != 0 ? byTime : key.compareTo(other.key);
    }
  }

  private final String operatorName;
  private final Supplier<? extends KeyedProcessFunction<?, ?, ?>> supplier;
  private final Map<String, StateDescriptor<?>> declared = new HashMap<>();
  private final Serde<K> keySerde;
  private final Map<String, NavigableMap<Bytes, byte[]>> stores = new HashMap<>();
  private final TreeSet<Timer> eventTimers = new TreeSet<>();
  private final TreeSet<Timer> processingTimers = new TreeSet<>();
  private final List<Output<K, O>> outputs = new ArrayList<>();
  private final Map<OutputTag<?>, List<Output<K, ?>>> sideOutputs = new LinkedHashMap<>();
  private final Map<String, Long> counters = new HashMap<>();
  private final Map<String, Integer> scans = new HashMap<>();
  private final CallContext context = new CallContext();
  private boolean restartEachCall;
  private KeyedProcessFunction<K, T, O> function;
  private long watermark = Long.MIN_VALUE;
  private long processingTime;

  private WindowHarness(ProcessNode node, Serde<K> keySerde) {
    this.operatorName = node.name();
    this.supplier = node.function();
    this.keySerde = keySerde;
    for (StateDescriptor<?> state : node.states()) {
      declared.put(state.name(), state);
      stores.put(state.name(), new TreeMap<>());
    }
  }

  /** Runs the operator named {@code operator} of {@code pipeline}. */
  static <K, T, O> WindowHarness<K, T, O> of(
      Pipeline pipeline, String operator, Serde<K> keySerde) throws Exception {
    for (Node node : pipeline.graph().nodes()) {
      if (node instanceof ProcessNode process && node.name().equals(operator)) {
        WindowHarness<K, T, O> harness = new WindowHarness<>(process, keySerde);
        harness.restart();
        return harness;
      }
    }
    throw new IllegalArgumentException("No process operator '" + operator + "' in the pipeline");
  }

  /** Makes a new operator instance before every call. */
  WindowHarness<K, T, O> restartingEachCall() {
    restartEachCall = true;
    return this;
  }

  WindowHarness<K, T, O> restartingEachCall(boolean restart) {
    restartEachCall = restart;
    return this;
  }

  void processElement(K key, T value, long timestamp) throws Exception {
    maybeRestart();
    context.bind(key, timestamp, null);
    function.processElement(value, context, context.collector);
  }

  /** Sets the watermark and fires the event-time timers it reached, in time order. */
  void advanceWatermark(long time) throws Exception {
    if (time < watermark) {
      throw new IllegalArgumentException(
          "The watermark never goes back: it is " + watermark + ", asked for " + time);
    }
    watermark = time;
    fireDue(eventTimers, time, TimeDomain.EVENT_TIME);
  }

  /** Sets the clock and fires the processing-time timers it reached, in time order. */
  void advanceProcessingTime(long time) throws Exception {
    if (time < processingTime) {
      throw new IllegalArgumentException(
          "The clock never goes back here: it is " + processingTime + ", asked for " + time);
    }
    processingTime = time;
    fireDue(processingTimers, time, TimeDomain.PROCESSING_TIME);
  }

  /** Every record emitted so far, in order. */
  List<Output<K, O>> outputs() {
    return List.copyOf(outputs);
  }

  /** The values emitted since the last call of this method, and forgets them. */
  List<O> takeValues() {
    List<O> values = new ArrayList<>();
    for (Output<K, O> output : outputs) {
      values.add(output.value());
    }
    outputs.clear();
    return values;
  }

  @SuppressWarnings("unchecked")
  <X> List<Output<K, X>> sideOutput(OutputTag<X> tag) {
    List<Output<K, X>> values = new ArrayList<>();
    for (Output<K, ?> output : sideOutputs.getOrDefault(tag, List.of())) {
      values.add((Output<K, X>) output);
    }
    return values;
  }

  long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** The number of entries of the state {@code name}, over all keys. */
  int stateEntries(String name) {
    NavigableMap<Bytes, byte[]> store = stores.get(name);
    if (store == null) {
      throw new IllegalArgumentException(
          "The operator declared no state '" + name + "'; it has " + declared.keySet());
    }
    return store.size();
  }

  /**
   * How many times the operator read all of the current key's entries of the map state {@code
   * name} ({@code entries()} or {@code isEmpty()}): the prefix scans a real store would make.
   */
  int scans(String name) {
    if (!stores.containsKey(name)) {
      throw new IllegalArgumentException(
          "The operator declared no state '" + name + "'; it has " + declared.keySet());
    }
    return scans.getOrDefault(name, 0);
  }

  /** The number of timers registered, over all keys and both domains. */
  int timerCount() {
    return eventTimers.size() + processingTimers.size();
  }

  /** The times of the event-time timers, over all keys, ascending. */
  List<Long> eventTimerTimes() {
    List<Long> times = new ArrayList<>();
    for (Timer timer : eventTimers) {
      times.add(timer.time());
    }
    return times;
  }

  private void fireDue(TreeSet<Timer> timers, long time, TimeDomain domain) throws Exception {
    while (!timers.isEmpty() && timers.first().time() <= time) {
      Timer timer = timers.pollFirst();
      maybeRestart();
      K key = keySerde.deserializer().deserialize("harness", timer.key().bytes());
      context.bind(key, timer.time(), domain);
      function.onTimer(timer.time(), context, context.collector);
    }
  }

  private void maybeRestart() throws Exception {
    if (restartEachCall) {
      restart();
    }
  }

  @SuppressWarnings("unchecked")
  private void restart() throws Exception {
    if (function != null) {
      function.close();
    }
    function = (KeyedProcessFunction<K, T, O>) supplier.get();
    function.open(new Opener());
  }

  /** Bytes compared as unsigned, like the real stores order keys. */
  private record Bytes(byte[] bytes) implements Comparable<Bytes> {
    @Override
    public int compareTo(Bytes other) {
      return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    boolean startsWith(byte[] prefix) {
      return bytes.length >= prefix.length
          && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
  }

  private final class Opener implements KeyedProcessFunction.OpenContext {

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S state(StateDescriptor<S> descriptor) {
      if (!declared.containsKey(descriptor.name())) {
        throw new TopologyException(
            "Operator '" + operatorName + "' did not declare state '" + descriptor.name() + "'");
      }
      if (!(descriptor instanceof MapStateDescriptor<?, ?> map)) {
        throw new UnsupportedOperationException(
            "The harness offers map state only, asked for " + descriptor);
      }
      return (S) new HarnessMapState<>(stores.get(map.name()), map);
    }

    @Override
    public String operatorName() {
      return operatorName;
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public KeyedProcessFunction.OperatorCounter counter(String name) {
      return () -> counters.merge(name, 1L, Long::sum);
    }
  }

  /** Map state of the current key: {@code [4-byte key length][key][user key]} -> value. */
  private final class HarnessMapState<UK, UV> implements MapState<UK, UV> {

    private final NavigableMap<Bytes, byte[]> store;
    private final MapStateDescriptor<UK, UV> descriptor;

    HarnessMapState(NavigableMap<Bytes, byte[]> store, MapStateDescriptor<UK, UV> descriptor) {
      this.store = store;
      this.descriptor = descriptor;
    }

    @Override
    public UV get(UK userKey) {
      byte[] bytes = store.get(composite(userKey));
      return bytes == null
          ? null
          : descriptor.valueSerde().deserializer().deserialize(descriptor.name(), bytes);
    }

    @Override
    public void put(UK userKey, UV value) {
      if (value == null) {
        remove(userKey);
        return;
      }
      store.put(
          composite(userKey),
          descriptor.valueSerde().serializer().serialize(descriptor.name(), value));
    }

    @Override
    public void remove(UK userKey) {
      store.remove(composite(userKey));
    }

    @Override
    public boolean contains(UK userKey) {
      return store.containsKey(composite(userKey));
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
      scans.merge(descriptor.name(), 1, Integer::sum);
      byte[] prefix = prefix();
      List<Map.Entry<UK, UV>> entries = new ArrayList<>();
      for (Map.Entry<Bytes, byte[]> entry : store.tailMap(new Bytes(prefix), true).entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        byte[] composite = entry.getKey().bytes();
        byte[] userKey = Arrays.copyOfRange(composite, prefix.length, composite.length);
        entries.add(
            new AbstractMap.SimpleImmutableEntry<>(
                descriptor.userKeySerde().deserializer().deserialize(descriptor.name(), userKey),
                descriptor
                    .valueSerde()
                    .deserializer()
                    .deserialize(descriptor.name(), entry.getValue())));
      }
      return entries;
    }

    @Override
    public boolean isEmpty() {
      return !entries().iterator().hasNext();
    }

    @Override
    public void clear() {
      byte[] prefix = prefix();
      store
          .tailMap(new Bytes(prefix), true)
          .entrySet()
          .removeIf(entry -> entry.getKey().startsWith(prefix));
    }

    private byte[] prefix() {
      byte[] key = context.keyBytes;
      byte[] prefix = new byte[4 + key.length];
      prefix[0] = (byte) (key.length >>> 24);
      prefix[1] = (byte) (key.length >>> 16);
      prefix[2] = (byte) (key.length >>> 8);
      prefix[3] = (byte) key.length;
      System.arraycopy(key, 0, prefix, 4, key.length);
      return prefix;
    }

    private Bytes composite(UK userKey) {
      byte[] prefix = prefix();
      byte[] user = descriptor.userKeySerde().serializer().serialize(descriptor.name(), userKey);
      byte[] composite = Arrays.copyOf(prefix, prefix.length + user.length);
      System.arraycopy(user, 0, composite, prefix.length, user.length);
      return new Bytes(composite);
    }
  }

  /** The context of one call: the current key, timestamp, timers and output. */
  private final class CallContext
      implements KeyedProcessFunction.OnTimerContext<K>, TimerService {

    private K key;
    private byte[] keyBytes;
    private long timestamp;
    private TimeDomain domain;
    private final Collector<O> collector =
        value -> {
          if (value == null) {
            throw new NullPointerException("the operator collected null");
          }
          outputs.add(new Output<>(key, value, timestamp));
        };

    void bind(K key, long timestamp, TimeDomain domain) {
      this.key = key;
      this.keyBytes = keySerde.serializer().serialize("harness", key);
      this.timestamp = timestamp;
      this.domain = domain;
    }

    @Override
    public K key() {
      return key;
    }

    @Override
    public long timestamp() {
      return timestamp;
    }

    @Override
    public TimerService timerService() {
      return this;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      sideOutputs
          .computeIfAbsent(tag, t -> new ArrayList<>())
          .add(new Output<>(key, value, timestamp));
    }

    @Override
    public TimeDomain timeDomain() {
      if (domain == null) {
        throw new IllegalStateException("timeDomain() is only valid in onTimer");
      }
      return domain;
    }

    @Override
    public long currentWatermark() {
      return watermark;
    }

    @Override
    public long currentProcessingTime() {
      return processingTime;
    }

    @Override
    public void registerEventTimeTimer(long time) {
      eventTimers.add(new Timer(time, new Bytes(keyBytes)));
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
      processingTimers.add(new Timer(time, new Bytes(keyBytes)));
    }

    @Override
    public void deleteEventTimeTimer(long time) {
      eventTimers.remove(new Timer(time, new Bytes(keyBytes)));
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
      processingTimers.remove(new Timer(time, new Bytes(keyBytes)));
    }
  }
}
