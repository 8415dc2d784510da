package dev.weir.internal.runtime;

import dev.weir.api.StateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The state folder of one application on this machine ({@code <state.dir>/<application.id>}),
 * locked by one worker at a time, with the instance id that survives restarts. The id names the
 * transactional producers, so a restarted instance fences and aborts what its previous
 * incarnation left open at once, instead of waiting for the transaction timeout.
 */
final class StateDirectory implements AutoCloseable {

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String instanceId;

  private StateDirectory(Path directory, FileChannel lockChannel, FileLock lock, String id) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.instanceId = id;
  }

  /**
   * Creates (if needed) and locks the folder.
   *
   * @throws StateException when another worker holds it, or it cannot be written
   */
  static StateDirectory lock(Path stateDir, String applicationId) {
    Path directory = stateDir.resolve(applicationId);
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new StateException(
            "State directory "
                + directory
                + " is in use by another worker of application '"
                + applicationId
                + "'. Each instance on one machine needs its own state.dir.");
      }
      return new StateDirectory(directory, channel, lock, instanceId(directory));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateException(
          "Cannot use state directory " + directory + ": " + e.getMessage()
              + ". Check that state.dir points to a writable folder.",
          e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static String instanceId(Path directory) throws IOException {
    Path file = directory.resolve("instance.id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString();
    Path temporary = directory.resolve("instance.id.tmp");
    Files.writeString(temporary, id, StandardCharsets.UTF_8);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  Path path() {
    return directory;
  }

  String instanceId() {
    return instanceId;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel closes below, which releases the lock as well
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
