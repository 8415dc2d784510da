package dev.weir.internal.runtime.metrics;

/**
 * A value the processing thread publishes for a gauge that a registry reads from any thread.
 * NaN until the first sample.
 */
final class Sampled {

  private volatile double value = Double.NaN;

  void set(double value) {
    this.value = value;
  }

  double get() {
    return value;
  }
}
