package dev.weir.config;

/** What happens to a record that cannot be deserialized or whose function throws. */
public enum ErrorHandling implements ConfigOption.Choice {
  /** Stop the worker with the error. */
  FAIL("fail"),
  /** Log the record's coordinates and the error, count it, and go on. */
  SKIP("skip"),
  /**
   * Write the original record to the dead-letter topic, with headers naming where it came from
   * and why it failed, in the same transaction as the rest; then go on.
   */
  DEAD_LETTER("dead-letter");

  private final String configValue;

  ErrorHandling(String configValue) {
    this.configValue = configValue;
  }

  @Override
  public String configValue() {
    return configValue;
  }
}
