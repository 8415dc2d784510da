package dev.weir.bench.jobs;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The five jobs of the end-to-end benchmark. Every contender implements each of them with the
 * same serdes, the same input and the same output types.
 */
public enum Workload {
  /** 1: drop {@code scroll} clicks, map the rest to {@link ClickView}; JSON in, JSON out. */
  STATELESS("stateless", "1 stateless map/filter"),
  /** 2: running count per user (the input is keyed by user: no repartition). */
  COUNT("count", "2 running count per key"),
  /** 3: count per user in 5-minute tumbling event-time windows, emitted when a window closes. */
  TUMBLING("tumbling", "3 tumbling 5 min window count"),
  /** 4: count per user in 10-second windows sliding by 5 seconds, emitted when a window closes. */
  SLIDING("sliding", "4 sliding 10 s / 5 s window count"),
  /** 5: re-key by page through a repartition topic, then a running count per page. */
  REPARTITION("repartition", "5 keyBy(page) + count (two stages)");

  /** Tumbling window size of workload 3. */
  public static final Duration TUMBLING_SIZE = Duration.ofMinutes(5);
  /** Size and slide of workload 4. */
  public static final Duration SLIDING_SIZE = Duration.ofSeconds(10);

  public static final Duration SLIDING_SLIDE = Duration.ofSeconds(5);
  /**
   * How far event time may go back within a partition: Weir's bounded out-of-orderness and Kafka
   * Streams' grace period. The input generator delays events by less than this.
   */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(3);

  private final String id;
  private final String title;

  Workload(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The name used on the command line and in process arguments. */
  public String id() {
    return id;
  }

  /** The row title in the report. */
  public String title() {
    return title;
  }

  /**
   * The fewest input records with which a window of this workload closes: the input has one
   * record per millisecond of event time, and a window closes once the watermark, the
   * out-of-orderness bound behind the latest event, passes its end. 1 for the workloads without
   * windows.
   */
  public long minRecords() {
    Duration window =
        switch (this) {
          case TUMBLING -> TUMBLING_SIZE;
          case SLIDING -> SLIDING_SIZE;
          default -> Duration.ZERO;
        };
    return window.isZero() ? 1 : window.plus(OUT_OF_ORDERNESS.multipliedBy(2)).toMillis();
  }

  /** Whether the job runs in two stages joined by a repartition topic. */
  public boolean repartitions() {
    return this == REPARTITION;
  }

  public static Workload parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Workload w : values()) {
      if (w.id.equals(t) || String.valueOf(w.ordinal() + 1).equals(t)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "Unknown workload '" + text + "'; expected one of "
            + Arrays.stream(values()).map(Workload::id).toList() + " or 1-5");
  }
}
