package dev.weir.internal.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.time.TimeDomain;
import dev.weir.api.windows.GlobalWindow;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Window;
import dev.weir.serde.Serdes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** How windows, window entries and element keys are stored. */
class WindowStateSerdesTest {

  private final WindowSerde<Window> windows = WindowSerde.instance();

  @Test
  void windowsRoundTripAndSortByStartAsUnsignedBytes() {
    List<TimeWindow> inOrder =
        List.of(
            new TimeWindow(Long.MIN_VALUE, -5),
            new TimeWindow(-10, 0),
            new TimeWindow(-10, 5),
            new TimeWindow(0, 10),
            new TimeWindow(7, 8),
            new TimeWindow(Long.MAX_VALUE - 1, Long.MAX_VALUE));
    List<byte[]> bytes = new ArrayList<>();
    for (TimeWindow window : inOrder) {
      byte[] serialized = windows.serialize("t", window);
      assertThat(serialized).hasSize(16);
      assertThat(windows.deserialize("t", serialized)).isEqualTo(window);
      bytes.add(serialized);
    }
    List<byte[]> sorted = new ArrayList<>(bytes);
    sorted.sort(Arrays::compareUnsigned);
    assertThat(sorted).containsExactlyElementsOf(bytes);

    assertThat(windows.deserialize("t", windows.serialize("t", GlobalWindow.get())))
        .isSameAs(GlobalWindow.get());
    assertThat(windows.serialize("t", null)).isNull();
  }

  @Test
  void aWindowOfAnotherLengthIsRefusedSayingWhatWasExpected() {
    assertThatThrownBy(() -> windows.deserialize("sums.windows", new byte[3]))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "Expected a window of 16 bytes (time window) or 1 zero byte (global window) in"
                + " 'sums.windows', found 3 bytes");
  }

  @Test
  void entriesRoundTripWithTimersTriggerStateAndContents() {
    WindowEntrySerde<String> serde = new WindowEntrySerde<>(Serdes.string());
    WindowEntry<String> entry = WindowEntry.empty(new TimeWindow(-20, 40));
    entry.size = 3;
    entry.contents = "sum";
    entry.addTimer(TimeDomain.EVENT_TIME, 39);
    entry.addTimer(TimeDomain.EVENT_TIME, 9);
    entry.addTimer(TimeDomain.PROCESSING_TIME, 1_000);
    entry.setTriggerState("count", new byte[] {1, 2});
    entry.setTriggerState("fire-time", new byte[0]);

    WindowEntry<String> read = serde.deserialize("t", serde.serialize("t", entry));

    assertThat(read.namespaceStart).isEqualTo(-20);
    assertThat(read.namespaceEnd).isEqualTo(40);
    assertThat(read.size).isEqualTo(3);
    assertThat(read.contents).isEqualTo("sum");
    assertThat(read.timers(TimeDomain.EVENT_TIME)).containsExactly(9, 39);
    assertThat(read.timers(TimeDomain.PROCESSING_TIME)).containsExactly(1_000);
    assertThat(read.triggerStates()).containsOnlyKeys("count", "fire-time");
    assertThat(read.triggerState("count")).containsExactly(1, 2);
    assertThat(read.triggerState("fire-time")).isEmpty();
  }

  @Test
  void anEmptyEntryRoundTrips() {
    WindowEntrySerde<Void> serde = new WindowEntrySerde<>(null);
    WindowEntry<Void> read =
        serde.deserialize("t", serde.serialize("t", WindowEntry.empty(GlobalWindow.get())));

    assertThat(read.namespaceStart).isEqualTo(Long.MIN_VALUE);
    assertThat(read.namespaceEnd).isEqualTo(Long.MAX_VALUE);
    assertThat(read.contents).isNull();
    assertThat(read.timers(TimeDomain.EVENT_TIME)).isEmpty();
    assertThat(read.triggerStates()).isEmpty();
  }

  @Test
  void aCorruptEntryIsRefusedSayingWhy() {
    WindowEntrySerde<String> serde = new WindowEntrySerde<>(Serdes.string());
    byte[] good = serde.serialize("t", WindowEntry.empty(new TimeWindow(0, 10)));

    assertThatThrownBy(() -> serde.deserialize("sums.windows", new byte[] {7}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Expected a window entry of version 1 in 'sums.windows', found version 7");
    assertThatThrownBy(() -> serde.deserialize("sums.windows", Arrays.copyOf(good, 20)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("A window entry in 'sums.windows' is truncated or corrupt (20 bytes)");
  }

  @Test
  void timersAreASetPerDomain() {
    WindowEntry<Void> entry = WindowEntry.empty(new TimeWindow(0, 10));

    assertThat(entry.addTimer(TimeDomain.EVENT_TIME, 9)).isTrue();
    assertThat(entry.addTimer(TimeDomain.EVENT_TIME, 9)).isFalse();
    assertThat(entry.hasTimer(TimeDomain.PROCESSING_TIME, 9)).isFalse();
    assertThat(entry.removeTimer(TimeDomain.EVENT_TIME, 9)).isTrue();
    assertThat(entry.removeTimer(TimeDomain.EVENT_TIME, 9)).isFalse();
  }

  @Test
  void elementKeysKeepAWindowsElementsTogetherAndInOrder() {
    List<ElementKey> inOrder =
        List.of(
            new ElementKey(-10, 0, 0),
            new ElementKey(-10, 0, 1),
            new ElementKey(-10, 0, 256),
            new ElementKey(-10, 5, 0),
            new ElementKey(0, 10, 0));
    List<byte[]> bytes = new ArrayList<>();
    for (ElementKey key : inOrder) {
      byte[] serialized = ElementKey.SERDE.serializer().serialize("t", key);
      assertThat(ElementKey.SERDE.deserializer().deserialize("t", serialized)).isEqualTo(key);
      bytes.add(serialized);
    }
    List<byte[]> sorted = new ArrayList<>(bytes);
    sorted.sort(Arrays::compareUnsigned);
    assertThat(sorted).containsExactlyElementsOf(bytes);
  }
}
