package dev.weir.internal.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.weir.api.StateException;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.ListState;
import dev.weir.api.state.MapState;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.internal.runtime.operators.RecordContext;
import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import dev.weir.serde.Serdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The keyed state handles over a write cache on an in-memory store: each kind's semantics, that a
 * handle always works on the key in the record context, and that a rolled-back record leaves no
 * trace.
 */
class KeyedStatesTest {

  private static final List<String> STATES = List.of("value", "list", "map", "reducing", "aggregating");
  private static final int VALUE = 0;
  private static final int LIST = 1;
  private static final int MAP = 2;
  private static final int REDUCING = 3;
  private static final int AGGREGATING = 4;

  /** Counts values and renders the count; the accumulator is a Long. */
  private static final AggregateFunction<String, Long, String> COUNT_WORDS =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(String value, Long accumulator) throws IOException {
          if (value.equals("checked")) {
            throw new IOException("cannot count 'checked'");
          }
          return accumulator + 1;
        }

        @Override
        public String result(Long accumulator) {
          return accumulator + " words";
        }
      };

  private InMemoryBackend backend;
  private TaskStore store;
  private WriteCache cache;
  private RecordContext context;

  private ValueState<String> value;
  private ListState<String> list;
  private MapState<String, Long> map;
  private ReducingState<Long> reducing;
  private AggregatingState<String, String> aggregating;

  @BeforeEach
  void setUp() {
    backend = new InMemoryBackend();
    store = backend.open(Path.of("unused"), STATES);
    cache = new WriteCache(store, STATES.size());
    context = new RecordContext(record -> {
      throw new AssertionError("state handles must not send records");
    });
    createHandles();
    key("alice");
  }

  @SuppressWarnings("unchecked")
  private void createHandles() {
    value =
        (ValueState<String>)
            KeyedStates.create(
                StateDescriptor.value("value", Serdes.string()), cache, VALUE, context, topic("value"), null);
    list =
        (ListState<String>)
            KeyedStates.create(
                StateDescriptor.list("list", Serdes.string()), cache, LIST, context, topic("list"), null);
    map =
        (MapState<String, Long>)
            KeyedStates.create(
                StateDescriptor.map("map", Serdes.string(), Serdes.longs()),
                cache,
                MAP,
                context,
                topic("map"), null);
    reducing =
        (ReducingState<Long>)
            KeyedStates.create(
                StateDescriptor.reducing("reducing", Long::sum, Serdes.longs()),
                cache,
                REDUCING,
                context,
                topic("reducing"), null);
    aggregating =
        (AggregatingState<String, String>)
            KeyedStates.create(
                StateDescriptor.aggregating("aggregating", COUNT_WORDS, Serdes.longs()),
                cache,
                AGGREGATING,
                context,
                topic("aggregating"), null);
  }

  @AfterEach
  void tearDown() {
    store.close();
    backend.close();
  }

  private static String topic(String state) {
    return "app-" + state + "-changelog";
  }

  private void key(String key) {
    context.set(key, key.getBytes(StandardCharsets.UTF_8), 0L);
  }

  private static <K, V> List<Map.Entry<K, V>> entries(MapState<K, V> state) {
    List<Map.Entry<K, V>> entries = new ArrayList<>();
    state.entries().forEach(entries::add);
    return entries;
  }

  @Nested
  class Values {

    @Test
    void aNewKeyHasNoValue() {
      assertThat(value.value()).isNull();
    }

    @Test
    void updateThenRead() {
      value.update("v1");
      value.update("v2");

      assertThat(value.value()).isEqualTo("v2");
    }

    @Test
    void clearAndUpdateToNullRemoveTheValue() {
      value.update("v1");
      value.clear();
      assertThat(value.value()).isNull();

      value.update("v2");
      value.update(null);
      assertThat(value.value()).isNull();
    }

    @Test
    void anEmptyValueIsAValue() {
      value.update("");

      assertThat(value.value()).isEmpty();
    }

    @Test
    void eachKeyHasItsOwnValue() {
      value.update("for alice");
      key("bob");
      assertThat(value.value()).isNull();
      value.update("for bob");

      key("alice");
      assertThat(value.value()).isEqualTo("for alice");
      key("bob");
      assertThat(value.value()).isEqualTo("for bob");
    }

    @Test
    void theValueIsWrittenUnderTheKeyBytesInTheStatesIndex() {
      value.update("v");

      byte[] stored = cache.get(VALUE, "alice".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("v");
      assertThat(cache.get(LIST, "alice".getBytes(StandardCharsets.UTF_8))).isNull();
    }
  }

  @Nested
  class Lists {

    @Test
    void aNewKeyHasAnEmptyList() {
      assertThat(list.get()).isEmpty();
    }

    @Test
    void addAndAddAllAppendInOrder() {
      list.add("a");
      list.addAll(List.of("b", "c"));
      list.add("");
      list.addAll(List.of());

      assertThat(list.get()).containsExactly("a", "b", "c", "");
    }

    @Test
    void updateReplacesAndAnEmptyUpdateClears() {
      list.addAll(List.of("a", "b"));

      list.update(List.of("x"));
      assertThat(list.get()).containsExactly("x");

      list.update(List.of());
      assertThat(list.get()).isEmpty();
      assertThat(cache.get(LIST, "alice".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void clearEmptiesTheList() {
      list.addAll(List.of("a", "b"));
      list.clear();

      assertThat(list.get()).isEmpty();
    }

    @Test
    void getReturnsACopy() {
      list.add("a");
      list.get().add("not stored");

      assertThat(list.get()).containsExactly("a");
    }

    @Test
    void nullElementsAreRefused() {
      list.add("a");

      assertThatThrownBy(() -> list.addAll(java.util.Arrays.asList("b", null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("list state elements must not be null");
      assertThat(list.get()).containsExactly("a");
    }

    @Test
    void eachKeyHasItsOwnList() {
      list.add("alice-1");
      key("bob");
      list.add("bob-1");
      key("alice");
      list.add("alice-2");

      assertThat(list.get()).containsExactly("alice-1", "alice-2");
      key("bob");
      assertThat(list.get()).containsExactly("bob-1");
    }
  }

  @Nested
  class Maps {

    @Test
    void putGetContainsRemove() {
      assertThat(map.get("x")).isNull();
      assertThat(map.contains("x")).isFalse();

      map.put("x", 1L);
      map.put("y", 2L);
      map.put("x", 3L);

      assertThat(map.get("x")).isEqualTo(3L);
      assertThat(map.contains("x")).isTrue();
      map.remove("x");
      assertThat(map.get("x")).isNull();
      assertThat(map.contains("x")).isFalse();
      assertThat(map.get("y")).isEqualTo(2L);
    }

    @Test
    void puttingNullRemovesTheEntry() {
      map.put("x", 1L);
      map.put("x", null);

      assertThat(map.contains("x")).isFalse();
      assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void entriesAreOrderedByTheSerializedUserKey() {
      map.put("b", 2L);
      map.put("a", 1L);
      map.put("ab", 12L);
      map.put("", 0L);

      assertThat(entries(map))
          .containsExactly(entry("", 0L), entry("a", 1L), entry("ab", 12L), entry("b", 2L));
    }

    @Test
    void keysWhoseBytesArePrefixesOfEachOtherKeepTheirEntriesApart() {
      key("a");
      map.put("x", 1L);
      map.put("bx", 2L);
      key("ab");
      map.put("x", 10L);

      key("a");
      assertThat(entries(map)).containsExactly(entry("bx", 2L), entry("x", 1L));
      assertThat(map.get("bx")).isEqualTo(2L);
      key("ab");
      assertThat(entries(map)).containsExactly(entry("x", 10L));
      assertThat(map.contains("bx")).isFalse();
      assertThat(map.isEmpty()).isFalse();
    }

    @Test
    void clearingOneKeyLeavesAKeyThatItsBytesArePrefixOf() {
      key("a");
      map.put("x", 1L);
      key("ab");
      map.put("y", 2L);
      key("");
      map.put("z", 3L);

      key("a");
      map.clear();

      assertThat(map.isEmpty()).isTrue();
      assertThat(entries(map)).isEmpty();
      key("ab");
      assertThat(entries(map)).containsExactly(entry("y", 2L));
      key("");
      assertThat(entries(map)).containsExactly(entry("z", 3L));
    }

    @Test
    void removingInOneKeyLeavesTheSameUserKeyOfAnother() {
      key("a");
      map.put("x", 1L);
      key("ab");
      map.put("x", 2L);

      key("a");
      map.remove("x");

      assertThat(map.isEmpty()).isTrue();
      key("ab");
      assertThat(map.get("x")).isEqualTo(2L);
    }

    @Test
    void entriesSeeCommittedAndPendingWritesTogether() {
      map.put("stored", 1L);
      map.put("overwritten", 2L);
      map.put("deleted", 3L);
      cache.applyToStore(new long[] {-1, -1, -1, -1, -1});

      map.put("pending", 4L);
      map.put("overwritten", 20L);
      map.remove("deleted");

      assertThat(entries(map))
          .containsExactly(entry("overwritten", 20L), entry("pending", 4L), entry("stored", 1L));
    }

    @Test
    void aNewKeysMapIsEmpty() {
      map.put("x", 1L);
      key("bob");

      assertThat(map.isEmpty()).isTrue();
      assertThat(entries(map)).isEmpty();
      assertThat(map.get("x")).isNull();
    }
  }

  @Nested
  class Reducing {

    @Test
    void theFirstValueIsKeptThenReduced() {
      assertThat(reducing.get()).isNull();

      reducing.add(5L);
      assertThat(reducing.get()).isEqualTo(5L);
      reducing.add(7L);
      reducing.add(-2L);

      assertThat(reducing.get()).isEqualTo(10L);
    }

    @Test
    void clearStartsOver() {
      reducing.add(5L);
      reducing.clear();
      reducing.add(1L);

      assertThat(reducing.get()).isEqualTo(1L);
    }

    @Test
    void eachKeyReducesAlone() {
      reducing.add(1L);
      key("bob");
      reducing.add(100L);
      key("alice");
      reducing.add(2L);

      assertThat(reducing.get()).isEqualTo(3L);
      key("bob");
      assertThat(reducing.get()).isEqualTo(100L);
    }

    @Test
    void aFailingReducerLeavesTheValueAsItWas() {
      @SuppressWarnings("unchecked")
      ReducingState<Long> failing =
          (ReducingState<Long>)
              KeyedStates.create(
                  StateDescriptor.<Long>reducing(
                      "reducing",
                      (a, b) -> {
                        if (b < 0) {
                          throw new IOException("negative " + b);
                        }
                        return a + b;
                      },
                      Serdes.longs()),
                  cache,
                  REDUCING,
                  context,
                  topic("reducing"), null);
      failing.add(1L);

      assertThatThrownBy(() -> failing.add(-1L))
          .isInstanceOf(UserCodeException.class)
          .hasMessageContaining("reduce function of state 'app-reducing-changelog' failed")
          .hasMessageContaining("negative -1")
          .hasCauseInstanceOf(IOException.class);
      assertThat(failing.get()).isEqualTo(1L);
    }
  }

  @Nested
  class Aggregating {

    @Test
    void anEmptyKeyHasNoResult() {
      assertThat(aggregating.get()).isNull();
    }

    @Test
    void addsFoldIntoTheAccumulatorAndGetReturnsTheResult() {
      aggregating.add("one");
      aggregating.add("two");
      aggregating.add("three");

      assertThat(aggregating.get()).isEqualTo("3 words");
      assertThat(cache.get(AGGREGATING, "alice".getBytes(StandardCharsets.UTF_8)))
          .as("the accumulator, not the result, is stored")
          .isEqualTo(Serdes.longs().serializer().serialize("t", 3L));
    }

    @Test
    void clearStartsFromANewAccumulator() {
      aggregating.add("one");
      aggregating.clear();
      assertThat(aggregating.get()).isNull();

      aggregating.add("two");
      assertThat(aggregating.get()).isEqualTo("1 words");
    }

    @Test
    void eachKeyHasItsOwnAccumulator() {
      aggregating.add("a");
      aggregating.add("b");
      key("bob");
      aggregating.add("c");

      assertThat(aggregating.get()).isEqualTo("1 words");
      key("alice");
      assertThat(aggregating.get()).isEqualTo("2 words");
    }

    @Test
    void aCheckedExceptionOfTheAggregatorIsCarriedWithTheStateName() {
      aggregating.add("one");

      assertThatThrownBy(() -> aggregating.add("checked"))
          .isInstanceOf(UserCodeException.class)
          .hasMessageContaining("add() of state 'app-aggregating-changelog' failed")
          .hasMessageContaining("cannot count 'checked'")
          .hasCauseInstanceOf(IOException.class);
      assertThat(aggregating.get()).isEqualTo("1 words");
    }
  }

  @Nested
  class Scope {

    @Test
    void everyHandleNeedsAKey() {
      context.set(null, null, 0L);

      assertThatThrownBy(() -> value.value())
          .isInstanceOf(StateException.class)
          .hasMessage("Keyed state 'app-value-changelog' used outside a keyed record");
      assertThatThrownBy(() -> list.add("x")).isInstanceOf(StateException.class);
      assertThatThrownBy(() -> map.put("x", 1L)).isInstanceOf(StateException.class);
      assertThatThrownBy(() -> map.isEmpty()).isInstanceOf(StateException.class);
      assertThatThrownBy(() -> reducing.add(1L)).isInstanceOf(StateException.class);
      assertThatThrownBy(() -> aggregating.get()).isInstanceOf(StateException.class);
    }

    @Test
    void statesWithDifferentIndexesDoNotShareAKeysData() {
      @SuppressWarnings("unchecked")
      ValueState<String> other =
          (ValueState<String>)
              KeyedStates.create(
                  StateDescriptor.value("list", Serdes.string()), cache, LIST, context, topic("o"), null);
      value.update("in value");

      assertThat(other.value()).isNull();
    }

    @Test
    void handlesReadWhatAnEarlierCommitStored() {
      value.update("v");
      list.add("l");
      map.put("m", 1L);
      reducing.add(2L);
      aggregating.add("a");
      cache.applyToStore(new long[] {10, 10, 10, 10, 10});

      cache = new WriteCache(store, STATES.size());
      createHandles();

      assertThat(value.value()).isEqualTo("v");
      assertThat(list.get()).containsExactly("l");
      assertThat(map.get("m")).isEqualTo(1L);
      assertThat(reducing.get()).isEqualTo(2L);
      assertThat(aggregating.get()).isEqualTo("1 words");
    }

    @Test
    void aRolledBackRecordUndoesEveryHandlesWrites() {
      cache.beginRecord();
      value.update("kept");
      list.add("kept");
      map.put("kept", 1L);
      reducing.add(1L);
      aggregating.add("kept");
      cache.commitRecord();

      cache.beginRecord();
      value.update("undone");
      list.add("undone");
      map.put("kept", 99L);
      map.put("undone", 2L);
      reducing.add(100L);
      aggregating.add("undone");
      key("bob");
      value.update("undone for bob");
      map.put("bob", 3L);
      cache.rollbackRecord();

      key("alice");
      assertThat(value.value()).isEqualTo("kept");
      assertThat(list.get()).containsExactly("kept");
      assertThat(entries(map)).containsExactly(entry("kept", 1L));
      assertThat(reducing.get()).isEqualTo(1L);
      assertThat(aggregating.get()).isEqualTo("1 words");
      key("bob");
      assertThat(value.value()).isNull();
      assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void aRolledBackClearBringsTheDataBack() {
      value.update("v");
      map.put("a", 1L);
      map.put("b", 2L);
      cache.applyToStore(new long[] {-1, -1, -1, -1, -1});

      cache.beginRecord();
      value.clear();
      map.clear();
      assertThat(map.isEmpty()).isTrue();
      cache.rollbackRecord();

      assertThat(value.value()).isEqualTo("v");
      assertThat(entries(map)).containsExactly(entry("a", 1L), entry("b", 2L));
    }
  }
}
