package dev.weir.bench.jmh;

import dev.weir.bench.jobs.Click;
import dev.weir.bench.jobs.KeyCount;
import dev.weir.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips through Weir's serdes ({@link Serdes}): what every record pays at a stage's input and
 * output. The JSON payload is the end-to-end benchmark's click event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SerdeBenchmark {

  private static final String TOPIC = "t";

  private final Serializer<Click> clickWriter = Serdes.json(Click.class).serializer();
  private final Deserializer<Click> clickReader = Serdes.json(Click.class).deserializer();
  private final Serializer<KeyCount> countWriter = Serdes.json(KeyCount.class).serializer();
  private final Serializer<Long> longWriter = Serdes.longs().serializer();
  private final Deserializer<Long> longReader = Serdes.longs().deserializer();
  private final Serializer<String> stringWriter = Serdes.string().serializer();
  private final Deserializer<String> stringReader = Serdes.string().deserializer();

  private byte[] clickJson;
  private Click click;
  private long counter;

  @Setup
  public void setUp() {
    clickJson =
        "{\"user_id\":\"u4711\",\"page\":\"/p/17\",\"action\":\"click\",\"ts\":1700000000000,\"session\":\"s1a2b3c4\"}"
            .getBytes(StandardCharsets.UTF_8);
    click = clickReader.deserialize(TOPIC, clickJson);
  }

  /** JSON bytes to a record: the input side of every workload. */
  @Benchmark
  public Click jsonDeserialize() {
    return clickReader.deserialize(TOPIC, clickJson);
  }

  /** A record to JSON bytes. */
  @Benchmark
  public byte[] jsonSerialize() {
    return clickWriter.serialize(TOPIC, click);
  }

  /** Both ways, as a stateless stage does. */
  @Benchmark
  public byte[] jsonRoundTrip() {
    return clickWriter.serialize(TOPIC, clickReader.deserialize(TOPIC, clickJson));
  }

  /** The output of the running count: a small record to JSON. */
  @Benchmark
  public byte[] jsonSerializeCount() {
    return countWriter.serialize(TOPIC, new KeyCount("u4711", ++counter));
  }

  /** A state value (a count) both ways, as every state update does. */
  @Benchmark
  public Long longRoundTrip() {
    return longReader.deserialize(TOPIC, longWriter.serialize(TOPIC, ++counter));
  }

  /** A key both ways. */
  @Benchmark
  public String stringRoundTrip() {
    return stringReader.deserialize(TOPIC, stringWriter.serialize(TOPIC, "u4711"));
  }
}
