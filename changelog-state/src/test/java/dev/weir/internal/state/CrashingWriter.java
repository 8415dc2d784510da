package dev.weir.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link RocksDbCrashTest}: applies one batch, leaves a second one unapplied,
 * says so on stdout and waits to be killed. Closes nothing: a killed process gets no chance to.
 */
public final class CrashingWriter {

  static final String READY = "applied";

  private CrashingWriter() {}

  public static void main(String[] args) throws InterruptedException {
    RocksDbBackend backend = new RocksDbBackend(RocksDbTaskStoreTest.SMALL);
    TaskStore store = backend.open(Path.of(args[0]), List.of("counts", "totals"));
    StoreBatch applied = store.newBatch();
    for (int i = 0; i < 100; i++) {
      applied.put(0, ("key-" + i).getBytes(UTF_8), ("value-" + i).getBytes(UTF_8));
    }
    applied.put(1, "total".getBytes(UTF_8), "4950".getBytes(UTF_8));
    applied.changelogOffset(0, 100);
    applied.changelogOffset(1, 1);
    store.apply(applied);

    StoreBatch notApplied = store.newBatch();
    notApplied.put(0, "key-0".getBytes(UTF_8), "lost".getBytes(UTF_8));
    notApplied.changelogOffset(0, 101);

    System.out.println(READY);
    System.out.flush();
    Thread.sleep(120_000);
    // Not reached when the test kills the process; if the test died, end without closing either.
    Runtime.getRuntime().halt(3);
  }
}
