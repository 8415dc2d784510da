package dev.weir.bench.jmh;

import dev.weir.internal.state.StateBackend;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.nio.file.Path;
import java.util.List;
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
 * The local half of a commit: {@code batch} pending writes gathered in the {@link WriteCache},
 * visited as the changelog send does, then applied to the store in one batch. The score is the time
 * of one whole commit; divide by {@code batch} for the cost per pending write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CommitBatchBenchmark {

  @Param({"in-memory", "rocksdb"})
  public String backend;

  @Param({"100", "1000", "10000"})
  public int batch;

  private static final int KEYS = 100_000;

  private StateBackend stateBackend;
  private Path directory;
  private TaskStore store;
  private WriteCache cache;
  private byte[][] keyBytes;
  private final long[] offsets = {0};
  private int next;
  private long visited;

  @Setup(Level.Trial)
  public void setUp() {
    stateBackend = StateBackends.create(backend);
    directory = StateBackends.tempDirectory();
    store = stateBackend.open(directory.resolve("task"), List.of("count"));
    cache = new WriteCache(store, 1);
    keyBytes = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      keyBytes[i] = StateBackends.key(i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    stateBackend.close();
    StateBackends.delete(directory);
  }

  /** Fills {@code batch} writes, visits them, applies them. */
  @Benchmark
  public long commit() {
    for (int i = 0; i < batch; i++) {
      byte[] key = keyBytes[next];
      next = next + 1 == KEYS ? 0 : next + 1;
      cache.put(0, key, StateBackends.longBytes(i));
    }
    cache.forEachPending((state, key, value) -> visited += key.length);
    offsets[0] += batch;
    cache.applyToStore(offsets);
    return visited;
  }
}
