package dev.weir.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.WindowedStream;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.api.windows.EventTimeSessionWindows;
import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.config.Durations;
import dev.weir.serde.Serdes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Clicks per user per event-time window: tumbling (default 5 minutes), sliding, or session
 * windows, with a bound on out-of-orderness, optional allowed lateness, and late clicks kept in
 * a topic of their own, unchanged.
 *
 * <p>Output: key = user id, value
 * {@code {"user_id":"123","window_start":"2024-01-01T00:00:00.000Z","window_end":"2024-01-01T00:05:00.000Z","count":N}}.
 */
public final class WindowedClicks {

  /** Flags this example takes besides the shared ones. */
  static final Set<String> FLAGS =
      Set.of(
          "window",
          "slide",
          "session-gap",
          "out-of-orderness",
          "allowed-lateness",
          "late-output",
          "idle-timeout");

  /** Clicks that came too late for their window, as they were read. */
  static final OutputTag<RawClick> LATE = OutputTag.of("late-clicks", RawClickSerde.INSTANCE);

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private WindowedClicks() {}

  /** One user's clicks in one window. */
  public record WindowedCount(
      @JsonProperty("user_id") String userId,
      @JsonProperty("window_start") String windowStart,
      @JsonProperty("window_end") String windowEnd,
      @JsonProperty("count") long count) {

    static WindowedCount of(String user, TimeWindow window, long count) {
      return new WindowedCount(
          user,
          ISO_MILLIS.format(Instant.ofEpochMilli(window.start())),
          ISO_MILLIS.format(Instant.ofEpochMilli(window.end())),
          count);
    }
  }

  /** A click and the exact bytes it was read from, so late clicks leave unchanged. */
  public record RawClick(ClickEvent event, byte[] bytes) {}

  static Pipeline pipeline(ExampleOptions options) {
    Map<String, String> flags = options.extra();
    Duration outOfOrderness = duration(flags, "out-of-orderness", "10s");
    WatermarkStrategy<RawClick> watermarks =
        WatermarkStrategy.<RawClick>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner(
                (click, recordTimestamp) ->
                    click.event().timestamp() != null
                        ? click.event().timestamp().toEpochMilli()
                        : recordTimestamp);
    if (flags.containsKey("idle-timeout")) {
      watermarks = watermarks.withIdleness(duration(flags, "idle-timeout", null));
    }

    Pipeline pipeline = Pipeline.create();
    KeyedStream<String, RawClick> byUser =
        pipeline
            .source(
                KafkaSource.of(options.input, Serdes.bytes(), RawClickSerde.INSTANCE)
                    .named("clicks")
                    .withWatermarks(watermarks))
            .keyBy(
                Repartition.<RawClick, String>by(click -> click.event().userId(), Serdes.string())
                    .named("clicks-by-user"));

    WindowedStream<String, RawClick, TimeWindow> windowed =
        byUser
            .window(assigner(flags))
            .allowedLateness(duration(flags, "allowed-lateness", "0s"));
    String lateTopic = flags.get("late-output");
    if (lateTopic != null) {
      windowed = windowed.sideOutputLateData(LATE);
    }
    KeyedStream<String, WindowedCount> counts =
        windowed.aggregate(
            "count-clicks-per-window",
            new CountClicks(),
            Serdes.longs(),
            (user, window, count) -> WindowedCount.of(user, window, count));
    counts.sinkTo(KafkaSink.of(options.output, Serdes.string(), Serdes.json(WindowedCount.class)));
    if (lateTopic != null) {
      counts.sideOutput(LATE).sinkTo(KafkaSink.valuesOnly(lateTopic, RawClickSerde.INSTANCE));
    }
    return pipeline;
  }

  private static dev.weir.api.windows.WindowAssigner<Object, TimeWindow> assigner(
      Map<String, String> flags) {
    if (flags.containsKey("session-gap")) {
      if (flags.containsKey("slide")) {
        throw new IllegalArgumentException("--session-gap and --slide cannot be combined");
      }
      return EventTimeSessionWindows.withGap(duration(flags, "session-gap", null));
    }
    Duration size = duration(flags, "window", "5m");
    if (flags.containsKey("slide")) {
      return SlidingEventTimeWindows.of(size, duration(flags, "slide", null));
    }
    return TumblingEventTimeWindows.of(size);
  }

  private static Duration duration(Map<String, String> flags, String flag, String fallback) {
    String text = flags.getOrDefault(flag, fallback);
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + flag + ": " + e.getMessage(), e);
    }
  }

  /** Counts clicks; sessions merge by adding their counts. */
  static final class CountClicks implements AggregateFunction<RawClick, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(RawClick click, Long count) {
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

  /** Reads a click from JSON, keeping its bytes; writes the bytes back as they were. */
  static final class RawClickSerde
      implements Serde<RawClick>, Serializer<RawClick>, Deserializer<RawClick> {
    static final RawClickSerde INSTANCE = new RawClickSerde();
    private static final Deserializer<ClickEvent> JSON =
        Serdes.json(ClickEvent.class).deserializer();

    @Override
    public byte[] serialize(String topic, RawClick click) {
      return click == null ? null : click.bytes();
    }

    @Override
    public RawClick deserialize(String topic, byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      ClickEvent event = JSON.deserialize(topic, bytes);
      if (event.userId() == null) {
        throw new SerializationException(
            "A click needs a user_id; found none in "
                + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
      return new RawClick(event, bytes);
    }

    @Override
    public Serializer<RawClick> serializer() {
      return this;
    }

    @Override
    public Deserializer<RawClick> deserializer() {
      return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
  }
}
