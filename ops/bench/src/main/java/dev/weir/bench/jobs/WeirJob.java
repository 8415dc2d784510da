package dev.weir.bench.jobs;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.api.windows.WindowAssigner;
import dev.weir.config.WeirConfig;
import dev.weir.runtime.Worker;
import java.time.Duration;
import java.util.Map;

/**
 * The five workloads written with Weir's API, the way its README and examples show them: a
 * {@code keyedSource} for the input that is already keyed by user, a keyed process function with a
 * {@code ValueState} for the running count (as in {@code click-counter}), event-time windows with
 * an aggregate, and {@code keyBy} through a repartition topic for workload 5.
 *
 * <p>Settings: Weir's defaults, plus the processing guarantee and commit interval of the run and
 * {@link ClientTuning}. One processing thread (the default).
 */
public final class WeirJob implements ContenderMain.Job {

  /** Each key's number of records so far. */
  static final ValueStateDescriptor<Long> COUNT =
      StateDescriptor.value("count", BenchSerdes.LONG);

  private final JobSpec spec;
  private Worker worker;

  WeirJob(JobSpec spec) {
    this.spec = spec;
  }

  /** The pipeline of {@code spec.workload()}, reading {@code spec.inputTopic()}. */
  public static Pipeline pipeline(JobSpec spec) {
    Pipeline pipeline = Pipeline.create();
    KafkaSource<String, Click> source =
        KafkaSource.of(spec.inputTopic(), BenchSerdes.STRING, BenchSerdes.CLICK).named("clicks");
    String output = spec.outputTopic();
    switch (spec.workload()) {
      case STATELESS ->
          pipeline
              .keyedSource(source.withTimestamps((click, recordTimestamp) -> click.ts()))
              .filter(Click::kept)
              .mapValues(Click::view)
              .sinkTo(KafkaSink.of(output, BenchSerdes.STRING, BenchSerdes.CLICK_VIEW));
      case COUNT ->
          pipeline
              .keyedSource(source.withTimestamps((click, recordTimestamp) -> click.ts()))
              .process("count-per-key", CountPerKey::new, COUNT)
              .sinkTo(KafkaSink.of(output, BenchSerdes.STRING, BenchSerdes.KEY_COUNT));
      case TUMBLING ->
          windowedCount(
              pipeline, source, TumblingEventTimeWindows.of(Workload.TUMBLING_SIZE), output);
      case SLIDING ->
          windowedCount(
              pipeline,
              source,
              SlidingEventTimeWindows.of(Workload.SLIDING_SIZE, Workload.SLIDING_SLIDE),
              output);
      case REPARTITION ->
          pipeline
              .source(source.withTimestamps((click, recordTimestamp) -> click.ts()))
              .keyBy(Repartition.by(Click::page, BenchSerdes.STRING).named("by-page"))
              .process("count-per-key", CountPerKey::new, COUNT)
              .sinkTo(KafkaSink.of(output, BenchSerdes.STRING, BenchSerdes.KEY_COUNT));
      default -> throw new IllegalArgumentException("No Weir job for " + spec.workload());
    }
    return pipeline;
  }

  private static void windowedCount(
      Pipeline pipeline,
      KafkaSource<String, Click> source,
      WindowAssigner<Object, TimeWindow> assigner,
      String output) {
    KeyedStream<String, Click> clicks =
        pipeline.keyedSource(
            source.withWatermarks(
                WatermarkStrategy.<Click>forBoundedOutOfOrderness(Workload.OUT_OF_ORDERNESS)
                    .withTimestampAssigner((click, recordTimestamp) -> click.ts())));
    clicks
        .window(assigner)
        .aggregate(
            "window-count",
            new Count(),
            BenchSerdes.LONG,
            (key, window, count) -> new WindowCount(key, window.start(), window.end(), count))
        .sinkTo(KafkaSink.of(output, BenchSerdes.STRING, BenchSerdes.WINDOW_COUNT));
  }

  static WeirConfig config(JobSpec spec) {
    WeirConfig.Builder config =
        WeirConfig.builder()
            .set("application.id", spec.applicationId())
            .set("bootstrap.servers", spec.bootstrapServers())
            .set("processing.guarantee", spec.guarantee().id())
            .set("commit.interval", spec.guarantee().commitInterval().toMillis() + "ms")
            .set("state.dir", spec.stateDir().toString())
            .set("state.cache.max-bytes", ClientTuning.STATE_CACHE_BYTES + "B");
    for (Map.Entry<String, Object> e : ClientTuning.PRODUCER.entrySet()) {
      config.set("producer." + e.getKey(), String.valueOf(e.getValue()));
    }
    for (Map.Entry<String, Object> e : ClientTuning.CONSUMER.entrySet()) {
      config.set("consumer." + e.getKey(), String.valueOf(e.getValue()));
    }
    if (!spec.groupInstanceId().isEmpty()) {
      config.set("group.instance.id", spec.groupInstanceId());
    }
    return config.build();
  }

  @Override
  public void start() {
    worker = Worker.start(pipeline(spec), config(spec));
  }

  @Override
  public Throwable awaitFailure() throws InterruptedException {
    while (true) {
      if (worker.awaitTermination(Duration.ofSeconds(1)) && worker.failure().isPresent()) {
        return worker.failure().get();
      }
    }
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close(Duration.ofSeconds(10));
    }
  }

  /** Adds one to the key's count and emits it, as {@code click-counter} does. */
  static final class CountPerKey extends KeyedProcessFunction<String, Click, KeyCount> {
    private ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = context.state(COUNT);
    }

    @Override
    public void processElement(Click click, Context<String> context, Collector<KeyCount> out) {
      Long current = count.value();
      long next = current == null ? 1 : current + 1;
      count.update(next);
      out.collect(new KeyCount(context.key(), next));
    }
  }

  /** Counts the records of a window. */
  static final class Count implements AggregateFunction<Click, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Click click, Long count) {
      return count + 1;
    }

    @Override
    public Long result(Long count) {
      return count;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }
}
