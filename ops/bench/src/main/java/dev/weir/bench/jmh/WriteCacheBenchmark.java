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
 * Keyed state access as a running count does it: in a record scope, read a key's value through the
 * {@link WriteCache} and write the new one; every {@code commitEvery} records the pending writes go
 * to the store in one batch, as a commit does. Keys cycle through {@code keys} distinct ones that
 * are already in the store. With {@code cacheBytes} 0 the cache keeps no committed values, so
 * every first read of a key after a commit reads the store; with 16 MiB (the runtime's default
 * per thread) all 100,000 keys stay cached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class WriteCacheBenchmark {

  @Param({"in-memory", "rocksdb"})
  public String backend;

  @Param({"100000"})
  public int keys;

  @Param({"10000"})
  public int commitEvery;

  @Param({"0", "16777216"})
  public long cacheBytes;

  private StateBackend stateBackend;
  private Path directory;
  private TaskStore store;
  private WriteCache cache;
  private byte[][] keyBytes;
  private final long[] noOffsets = {-1};
  private int next;
  private long processed;

  @Setup(Level.Trial)
  public void setUp() {
    stateBackend = StateBackends.create(backend);
    directory = StateBackends.tempDirectory();
    store = stateBackend.open(directory.resolve("task"), List.of("count"));
    cache = new WriteCache(store, 1);
    cache.cleanLimit(cacheBytes);
    keyBytes = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      keyBytes[i] = StateBackends.key(i);
      cache.put(0, keyBytes[i], StateBackends.longBytes(1));
    }
    cache.applyToStore(noOffsets);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    stateBackend.close();
    StateBackends.delete(directory);
  }

  /** One record's read-modify-write, with the commit amortized over {@code commitEvery} records. */
  @Benchmark
  public byte[] readModifyWrite() {
    byte[] key = keyBytes[next];
    next = next + 1 == keys ? 0 : next + 1;
    cache.beginRecord();
    byte[] current = cache.get(0, key);
    long count = current == null ? 0 : java.nio.ByteBuffer.wrap(current).getLong();
    byte[] updated = StateBackends.longBytes(count + 1);
    cache.put(0, key, updated);
    cache.commitRecord();
    if (++processed % commitEvery == 0) {
      cache.applyToStore(noOffsets);
    }
    return updated;
  }

  /** A read that misses the cache and reads the store. */
  @Benchmark
  public byte[] storeGet() {
    byte[] key = keyBytes[next];
    next = next + 1 == keys ? 0 : next + 1;
    return store.get(0, key);
  }
}
