package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Click;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Makes the benchmark's click events: users and pages drawn from skewed (Zipf-like)
 * distributions, about one event per millisecond of event time, and one event in ten delayed by up
 * to {@link #MAX_DELAY_MS} so that event time is slightly out of order within each partition.
 * Deterministic for a seed. Not thread-safe.
 *
 * <p>The JSON is written by hand, field for field what {@link Click} reads, so loading millions of
 * events costs little CPU next to the broker.
 */
final class ClickGenerator {

  /** Largest delay of an out-of-order event; below {@code Workload.OUT_OF_ORDERNESS}. */
  static final long MAX_DELAY_MS = 2_000;

  private static final String[] ACTIONS = {"click", "view", "scroll", "cart", "purchase"};
  /** Cumulative weights of {@link #ACTIONS}: 50%, 20%, 20%, 7%, 3%. */
  private static final double[] ACTION_CUMULATIVE = {0.50, 0.70, 0.90, 0.97, 1.0};

  private final ZipfSampler users;
  private final ZipfSampler pages;
  private final SplittableRandom random;
  private final boolean delays;
  private final StringBuilder json = new StringBuilder(160);

  /** The current event, after {@link #next}. */
  String key;

  long timestamp;
  boolean kept;

  /**
   * @param delays whether one event in ten is delayed; off for latency runs, where event time is
   *     the time of sending
   */
  ClickGenerator(int userCount, int pageCount, double exponent, long seed, boolean delays) {
    this.delays = delays;
    this.users = new ZipfSampler(userCount, exponent);
    this.pages = new ZipfSampler(pageCount, exponent);
    this.random = new SplittableRandom(seed);
  }

  /**
   * Makes the next event with event time {@code eventTime} (minus a delay for one in ten) and
   * returns its JSON; {@link #key}, {@link #timestamp} and {@link #kept} describe it.
   */
  byte[] next(long eventTime) {
    return next(users.sample(random), eventTime);
  }

  /** Like {@link #next(long)}, for a given user instead of a drawn one. */
  byte[] next(int user, long eventTime) {
    int page = pages.sample(random);
    double a = random.nextDouble();
    int action = 0;
    while (a > ACTION_CUMULATIVE[action]) {
      action++;
    }
    long ts = eventTime;
    if (delays && random.nextInt(10) == 0) {
      ts -= random.nextLong(MAX_DELAY_MS);
    }
    key = "u" + user;
    timestamp = ts;
    kept = !Click.DROPPED_ACTION.equals(ACTIONS[action]);
    json.setLength(0);
    json.append("{\"user_id\":\"").append(key)
        .append("\",\"page\":\"/p/").append(page)
        .append("\",\"action\":\"").append(ACTIONS[action])
        .append("\",\"ts\":").append(ts)
        .append(",\"session\":\"s").append(Integer.toHexString(user * 31 + (int) (eventTime >>> 20)))
        .append("\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
