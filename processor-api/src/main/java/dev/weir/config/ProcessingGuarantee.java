package dev.weir.config;

/** What a worker promises about its output when it fails and restarts. */
public enum ProcessingGuarantee implements ConfigOption.Choice {
  /**
   * Output, state changes and input offsets commit in one Kafka transaction: a
   * {@code read_committed} reader sees each input's effects exactly once.
   */
  EXACTLY_ONCE("exactly_once"),
  /** Offsets commit after output is acknowledged: after a failure some output may repeat. */
  AT_LEAST_ONCE("at_least_once");

  private final String configValue;

  ProcessingGuarantee(String configValue) {
    this.configValue = configValue;
  }

  @Override
  public String configValue() {
    return configValue;
  }
}
