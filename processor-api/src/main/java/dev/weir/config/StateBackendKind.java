package dev.weir.config;

/** Where a worker keeps keyed state between commits. */
public enum StateBackendKind implements ConfigOption.Choice {
  /** RocksDB on local disk: kept across restarts, so a restart replays only what it lacks. */
  ROCKSDB("rocksdb"),
  /** Heap memory: fast, bounded by the heap, restored in full from the changelog at each start. */
  IN_MEMORY("in-memory");

  private final String configValue;

  StateBackendKind(String configValue) {
    this.configValue = configValue;
  }

  @Override
  public String configValue() {
    return configValue;
  }
}
