package dev.weir.bench.jmh;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.JobSpec;
import dev.weir.bench.jobs.WeirJob;
import dev.weir.bench.jobs.Workload;
import dev.weir.serde.Serdes;
import dev.weir.testing.PipelineTestDriver;
import dev.weir.testing.TestInput;
import dev.weir.testing.TestOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One record through the whole operator chain of an end-to-end workload, without a broker: the
 * same pipeline as the end-to-end benchmark's Weir contender, run by {@link PipelineTestDriver}
 * (real operators, in-memory state, no Kafka clients, no commits). The input JSON is made per
 * record, with event time advancing 1 ms per record; {@link #makeInputOnly} measures that part
 * alone, to subtract.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PipelineBenchmark {

  private static final int USERS = 100_000;
  private static final String INPUT = "clicks";
  private static final String OUTPUT = "out";

  @Param({"stateless", "count", "tumbling", "sliding"})
  public String workload;

  private PipelineTestDriver driver;
  private TestInput<byte[], byte[]> input;
  private TestOutput<byte[], byte[]> output;
  private final StringBuilder json = new StringBuilder(160);
  private long timestamp = 1_700_000_000_000L;
  private int user;
  private long sent;

  @Setup(Level.Trial)
  public void setUp() {
    JobSpec spec =
        new JobSpec("weir", Workload.parse(workload), Guarantee.EXACTLY_ONCE, "unused:9092", "jmh",
            INPUT, OUTPUT, Path.of("unused"));
    driver = PipelineTestDriver.create(WeirJob.pipeline(spec));
    input = driver.input(INPUT, Serdes.bytes(), Serdes.bytes());
    output = driver.output(OUTPUT, Serdes.bytes(), Serdes.bytes());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    driver.close();
  }

  private byte[] nextKey() {
    user = (user + 7919) % USERS;
    return ("u" + user).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] nextValue() {
    timestamp++;
    json.setLength(0);
    json.append("{\"user_id\":\"u").append(user)
        .append("\",\"page\":\"/p/").append(user % 2000)
        .append("\",\"action\":\"click\",\"ts\":").append(timestamp)
        .append(",\"session\":\"s1\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One record in, its outputs drained every 1,000 records. */
  @Benchmark
  public long oneRecord() {
    byte[] key = nextKey();
    input.sendRaw(key, nextValue(), Instant.ofEpochMilli(timestamp));
    if (++sent % 1_000 == 0) {
      return output.readAll().size();
    }
    return sent;
  }

  /** Only the making of the input: the part of {@link #oneRecord} that is not Weir's. */
  @Benchmark
  public int makeInputOnly() {
    return nextKey().length + nextValue().length;
  }
}
