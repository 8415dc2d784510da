package dev.weir.api.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.serde.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateDescriptorTest {

  private static final AggregateFunction<Long, Long, Long> SUM =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
          return accumulator + value;
        }

        @Override
        public Long result(Long accumulator) {
          return accumulator;
        }
      };

  @ParameterizedTest
  @ValueSource(strings = {"count", "Count_2", "clicks.per-user", "a", "x.y_z-0"})
  void legalNamesAreKept(String name) {
    assertThat(StateDescriptor.value(name, Serdes.longs()).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my state", "", "a/b", "tab\there", "ünicode", "a:b"})
  void illegalNamesAreRefusedSayingWhy(String name) {
    assertThatThrownBy(() -> StateDescriptor.value(name, Serdes.longs()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("State name '" + name + "' is not allowed")
        .hasMessageContaining("state names become Kafka topic names")
        .hasMessageContaining("letters, digits, '.', '_' and '-' (1 to 200 characters)");
  }

  @Test
  void namesAreAtMost200Characters() {
    assertThat(StateDescriptor.list("s".repeat(200), Serdes.string()).name()).hasSize(200);
    assertThatThrownBy(() -> StateDescriptor.list("s".repeat(201), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not allowed");
  }

  @Test
  void everyKindChecksItsName() {
    assertThatThrownBy(() -> StateDescriptor.list("a b", Serdes.string()))
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> StateDescriptor.map("a b", Serdes.string(), Serdes.longs()))
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> StateDescriptor.reducing("a b", Long::sum, Serdes.longs()))
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> StateDescriptor.aggregating("a b", SUM, Serdes.longs()))
        .hasMessageContaining("'a b'");
  }

  @Test
  void nullArgumentsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> StateDescriptor.value(null, Serdes.longs()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("state name");
    assertThatThrownBy(() -> StateDescriptor.value("v", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("serde");
    assertThatThrownBy(() -> StateDescriptor.list("l", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("elementSerde");
    assertThatThrownBy(() -> StateDescriptor.map("m", null, Serdes.longs()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userKeySerde");
    assertThatThrownBy(() -> StateDescriptor.map("m", Serdes.string(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("valueSerde");
    assertThatThrownBy(() -> StateDescriptor.reducing("r", null, Serdes.longs()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reducer");
    assertThatThrownBy(() -> StateDescriptor.aggregating("a", null, Serdes.longs()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("aggregator");
    assertThatThrownBy(() -> StateDescriptor.aggregating("a", SUM, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accumulatorSerde");
  }

  @Test
  void descriptorsKeepWhatTheyWereGiven() {
    MapStateDescriptor<String, Long> map =
        StateDescriptor.map("m", Serdes.string(), Serdes.longs());
    assertThat(map.userKeySerde()).isSameAs(Serdes.string());
    assertThat(map.valueSerde()).isSameAs(Serdes.longs());
    AggregatingStateDescriptor<Long, Long, Long> aggregating =
        StateDescriptor.aggregating("sum", SUM, Serdes.longs());
    assertThat(aggregating.aggregator()).isSameAs(SUM);
    assertThat(aggregating.toString()).isEqualTo("AggregatingStateDescriptor[sum]");
  }
}
