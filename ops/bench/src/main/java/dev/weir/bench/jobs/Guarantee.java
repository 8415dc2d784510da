package dev.weir.bench.jobs;

import java.time.Duration;
import java.util.Locale;

/**
 * The processing guarantee of a run, and the commit interval every contender uses with it: the
 * defaults of both Weir and Kafka Streams under exactly-once (100 ms), and Weir's default under
 * at-least-once (1 s; Kafka Streams' own default there is 30 s, set down to match).
 */
public enum Guarantee {
  EXACTLY_ONCE("exactly_once", Duration.ofMillis(100)),
  AT_LEAST_ONCE("at_least_once", Duration.ofSeconds(1));

  private final String id;
  private final Duration commitInterval;

  Guarantee(String id, Duration commitInterval) {
    this.id = id;
    this.commitInterval = commitInterval;
  }

  public String id() {
    return id;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public boolean exactlyOnce() {
    return this == EXACTLY_ONCE;
  }

  public static Guarantee parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Guarantee g : values()) {
      if (g.id.equals(t)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "Unknown guarantee '" + text + "'; expected exactly_once or at_least_once");
  }
}
