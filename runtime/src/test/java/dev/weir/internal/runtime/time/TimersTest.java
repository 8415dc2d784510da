package dev.weir.internal.runtime.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.time.TimeDomain;
import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.KeyValueIterator;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimersTest {

  private final InMemoryBackend backend = new InMemoryBackend();
  private final TaskStore store = backend.open(Path.of("unused"), List.of("op.timers"));
  private final WriteCache cache = new WriteCache(store, 1);

  {
    cache.cleanLimit(1 << 20);
  }

  @AfterEach
  void close() {
    store.close();
    backend.close();
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private int storedTimers() {
    int count = 0;
    try (KeyValueIterator iterator = store.prefixScan(0, new byte[0])) {
      while (iterator.next()) {
        count++;
      }
    }
    return count;
  }

  private static List<Long> times(List<Timers.Due> due) {
    return due.stream().map(Timers.Due::time).toList();
  }

  @Test
  void dueTimersComeEarliestFirstOncePerDomain() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 300, key("a"));
    timers.register(TimeDomain.EVENT_TIME, -5, key("b"));
    timers.register(TimeDomain.PROCESSING_TIME, 100, key("a"));

    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 200, 10))).containsExactly(-5L);
    assertThat(timers.takeDue(TimeDomain.EVENT_TIME, 200, 10)).isEmpty();
    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 300, 10))).containsExactly(300L);
    assertThat(times(timers.takeDue(TimeDomain.PROCESSING_TIME, 100, 10))).containsExactly(100L);
  }

  @Test
  void clearDeletesCommittedAndPendingTimersOfBothDomainsAndLaterOnesStillFire() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 100, key("a"));
    timers.register(TimeDomain.PROCESSING_TIME, 100, key("a"));
    cache.applyToStore(new long[] {-1});
    timers.register(TimeDomain.EVENT_TIME, 200, key("b"));

    timers.clear();
    assertThat(timers.takeDue(TimeDomain.EVENT_TIME, Long.MAX_VALUE, 10)).isEmpty();
    assertThat(timers.takeDue(TimeDomain.PROCESSING_TIME, Long.MAX_VALUE, 10)).isEmpty();

    timers.register(TimeDomain.EVENT_TIME, 150, key("c"));
    cache.applyToStore(new long[] {-1});
    assertThat(storedTimers()).as("timers left in the store").isOne();
    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 300, 10))).containsExactly(150L);
  }

  @Test
  void fireDueFiresEveryDueTimerInRoundsEarliestFirst() {
    Timers timers = new Timers(cache, 0);
    for (int i = 0; i < 25; i++) {
      timers.register(TimeDomain.EVENT_TIME, 100 + i, key("k" + i));
    }
    cache.applyToStore(new long[] {-1});
    timers.register(TimeDomain.EVENT_TIME, 1000, key("late"));
    List<Long> fired = new ArrayList<>();

    assertThat(timers.fireDue(TimeDomain.EVENT_TIME, 500, 10, due -> fired.add(due.time())))
        .isEqualTo(25);
    assertThat(fired).hasSize(25).isSorted().startsWith(100L).endsWith(124L);
    assertThat(timers.takeDue(TimeDomain.EVENT_TIME, 500, 10)).isEmpty();
    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 1000, 10))).containsExactly(1000L);
  }

  @Test
  void timersRegisteredWhileFiringFireInTheSameCallEvenBeforeTheRoundsPosition() {
    Timers timers = new Timers(cache, 0);
    for (int i = 0; i < 6; i++) {
      timers.register(TimeDomain.EVENT_TIME, 100 + i * 10, key("k" + i));
    }
    List<String> fired = new ArrayList<>();
    timers.fireDue(
        TimeDomain.EVENT_TIME,
        500,
        2,
        due -> {
          String name = new String(due.key(), StandardCharsets.UTF_8);
          fired.add(name + "@" + due.time());
          if (name.equals("k3")) {
            // Before the round's last timer (k3 at 130), and after it.
            timers.register(TimeDomain.EVENT_TIME, 105, key("early"));
            timers.register(TimeDomain.EVENT_TIME, 400, key("later"));
          }
        });

    assertThat(fired)
        .containsExactly(
            "k0@100", "k1@110", "k2@120", "k3@130", "early@105", "k4@140", "k5@150", "later@400");
  }

  @Test
  void aTimerRegisteredEarlierThanAnyScannedOneIsStillFound() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 500, key("a"));
    assertThat(timers.takeDue(TimeDomain.EVENT_TIME, 100, 10)).isEmpty();

    timers.register(TimeDomain.EVENT_TIME, 50, key("b"));

    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 100, 10))).containsExactly(50L);
  }

  @Test
  void timersBeyondTheLimitComeInTheNextRound() {
    Timers timers = new Timers(cache, 0);
    for (int i = 0; i < 5; i++) {
      timers.register(TimeDomain.EVENT_TIME, i, key("k" + i));
    }

    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 10, 3))).containsExactly(0L, 1L, 2L);
    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 10, 3))).containsExactly(3L, 4L);
    assertThat(timers.takeDue(TimeDomain.EVENT_TIME, 10, 3)).isEmpty();
  }

  @Test
  void aNewInstanceFindsTheTimersAlreadyInTheStore() {
    new Timers(cache, 0).register(TimeDomain.EVENT_TIME, 7, key("a"));

    assertThat(times(new Timers(cache, 0).takeDue(TimeDomain.EVENT_TIME, 7, 10)))
        .containsExactly(7L);
  }

  @Test
  void registeringATimerAgainWritesNothing() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 7, key("a"));
    cache.applyToStore(new long[] {-1});

    timers.register(TimeDomain.EVENT_TIME, 7, key("a"));

    assertThat(changelog()).isEmpty();
  }

  @Test
  void aTimerThatFiresBeforeTheCommitSendsNothingToTheChangelog() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 7, key("fires"));
    timers.register(TimeDomain.EVENT_TIME, 9, key("stays"));
    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 8, 10))).containsExactly(7L);

    assertThat(changelog()).hasSize(1);
  }

  @Test
  void aCommittedTimerThatFiresSendsATombstone() {
    Timers timers = new Timers(cache, 0);
    timers.register(TimeDomain.EVENT_TIME, 7, key("a"));
    cache.applyToStore(new long[] {-1});

    assertThat(times(timers.takeDue(TimeDomain.EVENT_TIME, 7, 10))).containsExactly(7L);

    assertThat(changelog()).containsExactly("tombstone");
  }

  /** What the next commit would send to the timers' changelog, one word per record. */
  private List<String> changelog() {
    List<String> records = new ArrayList<>();
    cache.forEachPending((state, key, value) -> records.add(value == null ? "tombstone" : "put"));
    return records;
  }
}
