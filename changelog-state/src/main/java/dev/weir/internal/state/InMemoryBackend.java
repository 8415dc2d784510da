package dev.weir.internal.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores that keep their states in heap memory only: nothing survives {@link TaskStore#close()}, so
 * a reopened store is empty, has no changelog offsets, and is restored from the changelog. For
 * tests and for small state where a full restore on each assignment is cheap.
 *
 * <p>Thread-safety: {@link #open} may be called from several threads at once. {@link #close()}
 * closes the stores still open (there is nothing shared to free, but a store used after its backend
 * closed is a bug worth failing on).
 */
public final class InMemoryBackend implements StateBackend {

  private final Set<InMemoryStore> openStores = new LinkedHashSet<>();
  private boolean closed;

  /** Ignores {@code directory}: the store is new and empty each time. */
  @Override
  public TaskStore open(Path directory, List<String> states) {
    List<String> checked = StateNames.checked(states);
    synchronized (openStores) {
      if (closed) {
        throw new IllegalStateException("The in-memory backend is closed; cannot open a store");
      }
      InMemoryStore store = new InMemoryStore(checked, this::storeClosed);
      openStores.add(store);
      return store;
    }
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public void close() {
    List<InMemoryStore> stillOpen;
    synchronized (openStores) {
      closed = true;
      stillOpen = new ArrayList<>(openStores);
    }
    for (InMemoryStore store : stillOpen) {
      store.close();
    }
  }

  private void storeClosed(InMemoryStore store) {
    synchronized (openStores) {
      openStores.remove(store);
    }
  }
}
