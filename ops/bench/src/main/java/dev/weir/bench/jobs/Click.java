package dev.weir.bench.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input event of every benchmark, as JSON (about 110 bytes):
 * {@code {"user_id":"u42","page":"/p/7","action":"click","ts":1700000000000,"session":"s1a2b3c4"}}.
 * The record key of the input topic is {@code user_id}; {@code ts} is the event time in epoch ms.
 */
public record Click(
    @JsonProperty("user_id") String userId,
    @JsonProperty("page") String page,
    @JsonProperty("action") String action,
    @JsonProperty("ts") long ts,
    @JsonProperty("session") String session) {

  /** The action that workload 1 drops. */
  public static final String DROPPED_ACTION = "scroll";

  /** Workload 1's filter: every contender keeps exactly these. */
  public boolean kept() {
    return !DROPPED_ACTION.equals(action);
  }

  /** Workload 1's map: every contender writes exactly this for a kept click. */
  public ClickView view() {
    return new ClickView(userId, page, action, ts, weight(action));
  }

  private static int weight(String action) {
    return switch (action) {
      case "purchase" -> 10;
      case "cart" -> 3;
      case "click" -> 1;
      default -> 0;
    };
  }
}
