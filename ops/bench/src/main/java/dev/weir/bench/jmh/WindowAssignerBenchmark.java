package dev.weir.bench.jmh;

import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.api.windows.WindowAssigner;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Window assignment of one element, for the window shapes of workloads 3 and 4. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class WindowAssignerBenchmark {

  private static final WindowAssigner.AssignerContext CONTEXT = () -> 0L;

  private final WindowAssigner<Object, TimeWindow> tumbling =
      TumblingEventTimeWindows.of(Duration.ofMinutes(5));
  private final WindowAssigner<Object, TimeWindow> sliding =
      SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
  private final WindowAssigner<Object, TimeWindow> slidingFine =
      SlidingEventTimeWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(1));
  private final Object element = new Object();
  private long timestamp = 1_700_000_000_000L;

  @Benchmark
  public Collection<TimeWindow> tumbling5Minutes() {
    return tumbling.assignWindows(element, timestamp += 7, CONTEXT);
  }

  @Benchmark
  public Collection<TimeWindow> sliding10sBy5s() {
    return sliding.assignWindows(element, timestamp += 7, CONTEXT);
  }

  /** Sixty windows per element: where the cost of the returned collection shows. */
  @Benchmark
  public Collection<TimeWindow> sliding1mBy1s() {
    return slidingFine.assignWindows(element, timestamp += 7, CONTEXT);
  }
}
