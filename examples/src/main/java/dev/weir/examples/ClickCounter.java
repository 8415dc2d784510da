package dev.weir.examples;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.serde.Serdes;

/**
 * The classic per-user click counter. Click events arrive with any record key; the pipeline
 * re-keys them by {@code user_id}, counts each user's clicks in keyed state, and writes the
 * running count, keyed by user, for every click.
 */
public final class ClickCounter {

  /** Each user's number of clicks so far. */
  static final ValueStateDescriptor<Long> COUNT =
      StateDescriptor.value("click-count", Serdes.longs());

  private ClickCounter() {}

  public static Pipeline pipeline(String input, String output) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(
            KafkaSource.of(input, Serdes.bytes(), Serdes.json(ClickEvent.class))
                .named("clicks")
                .withTimestamps(
                    (click, recordTimestamp) ->
                        click.timestamp() != null
                            ? click.timestamp().toEpochMilli()
                            : recordTimestamp))
        .keyBy(Repartition.by(ClickEvent::userId, Serdes.string()).named("clicks-by-user"))
        .process("count-clicks", CountClicks::new, COUNT)
        .sinkTo(KafkaSink.of(output, Serdes.string(), Serdes.json(ClickCount.class)));
    return pipeline;
  }

  /** Adds one to the user's count and emits it. */
  static final class CountClicks extends KeyedProcessFunction<String, ClickEvent, ClickCount> {

    private ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = context.state(COUNT);
    }

    @Override
    public void processElement(
        ClickEvent click, Context<String> context, Collector<ClickCount> out) {
      Long current = count.value();
      long next = current == null ? 1 : current + 1;
      count.update(next);
      out.collect(new ClickCount(context.key(), next));
    }
  }
}
