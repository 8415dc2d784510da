package dev.weir.examples;

import java.time.Instant;
import java.util.List;

/**
 * One expectation for the windowed-clicks example, shared by every runner (the test driver, a
 * real broker under each guarantee): 1-minute tumbling windows, 10 s out-of-orderness, 30 s
 * allowed lateness, late clicks to a topic. Clicks come in phases; a runner sends a phase and
 * waits for what it should produce before sending the next, so results do not depend on how a
 * runner batches records.
 */
final class WindowScenario {

  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /** Flags of the example for this scenario. */
  static final List<String> FLAGS =
      List.of(
          "--window", "1m",
          "--out-of-orderness", "10s",
          "--allowed-lateness", "30s",
          "--late-output", "LATE");

  record Click(String user, int second) {
    String json() {
      return "{\"user_id\":\"" + user + "\",\"action\":\"click\",\"timestamp\":\""
          + T0.plusSeconds(second) + "\",\"page\":\"/p\"}";
    }
  }

  /** What a phase must add to the output (as "user start end count") and to the late topic. */
  record Phase(List<Click> clicks, List<String> outputs, List<String> late) {}

  static final List<Phase> PHASES =
      List.of(
          // Nothing closes yet: the watermark is at 50 s - 10 s - 1 ms.
          new Phase(
              List.of(new Click("u1", 5), new Click("u2", 30), new Click("u1", 50)),
              List.of(),
              List.of()),
          // 70 s - 10 s - 1 ms reaches the first window's end - 1: it fires.
          new Phase(
              List.of(new Click("u1", 70)),
              List.of("u1 00:00:00.000 00:01:00.000 2", "u2 00:00:00.000 00:01:00.000 1"),
              List.of()),
          // Late, but within the allowed lateness: the window fires again, updated.
          new Phase(
              List.of(new Click("u1", 40)),
              List.of("u1 00:00:00.000 00:01:00.000 3"),
              List.of()),
          // 135 s closes the second window, and moves the watermark past the first window's end
          // plus its lateness.
          new Phase(
              List.of(new Click("u1", 135)),
              List.of("u1 00:01:00.000 00:02:00.000 1"),
              List.of()),
          // So a click for the first window is now too late: it goes to the late topic as read.
          new Phase(List.of(new Click("u2", 20)), List.of(), List.of("u2@20")),
          // A click of another user far ahead closes the third window.
          new Phase(
              List.of(new Click("u3", 300)),
              List.of("u1 00:02:00.000 00:03:00.000 1"),
              List.of()));

  private WindowScenario() {}

  /** "user start end count" of an output value, times as HH:mm:ss.SSS of T0's day. */
  static String describe(com.fasterxml.jackson.databind.JsonNode output) {
    return output.get("user_id").asText()
        + " "
        + output.get("window_start").asText().substring(11, 23)
        + " "
        + output.get("window_end").asText().substring(11, 23)
        + " "
        + output.get("count").asLong();
  }

  /** "user@second" of a late click. */
  static String describeLate(com.fasterxml.jackson.databind.JsonNode click) {
    Instant time = Instant.parse(click.get("timestamp").asText());
    return click.get("user_id").asText() + "@" + (time.getEpochSecond() - T0.getEpochSecond());
  }
}
