package dev.weir.ops.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in for a worker in another JVM: locks the file named by its argument as a worker locks
 * its state folder's {@code .lock}, prints {@code locked}, and holds the lock until its standard
 * input ends.
 */
public final class LockHolder {

  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (FileChannel channel =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock();
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock
      }
    }
  }
}
