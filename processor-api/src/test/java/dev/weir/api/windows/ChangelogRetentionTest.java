package dev.weir.api.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.serde.Serdes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The changelog retention that window operators set on their state descriptors (it lives in
 * {@code dev.weir.api.state}; tested here with the windows that need it).
 */
class ChangelogRetentionTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void descriptorsHaveNoRetentionUnlessGivenOne() {
    assertThat(StateDescriptor.value("v", Serdes.longs()).changelogRetention()).isEmpty();
  }

  @Test
  void everyKindCopiesItselfWithARetentionAndKeepsTheRest() {
    AggregateFunction<Long, Long, Long> sum =
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
    ValueStateDescriptor<Long> value = StateDescriptor.value("v", Serdes.longs());
    ListStateDescriptor<String> list = StateDescriptor.list("l", Serdes.string());
    MapStateDescriptor<String, Long> map =
        StateDescriptor.map("m", Serdes.string(), Serdes.longs());
    ReducingStateDescriptor<Long> reducing =
        StateDescriptor.reducing("r", Long::sum, Serdes.longs());
    AggregatingStateDescriptor<Long, Long, Long> aggregating =
        StateDescriptor.aggregating("a", sum, Serdes.longs());

    ValueStateDescriptor<Long> valueCopy = value.withChangelogRetention(HOUR);
    ListStateDescriptor<String> listCopy = list.withChangelogRetention(HOUR);
    MapStateDescriptor<String, Long> mapCopy = map.withChangelogRetention(HOUR);
    ReducingStateDescriptor<Long> reducingCopy = reducing.withChangelogRetention(HOUR);
    AggregatingStateDescriptor<Long, Long, Long> aggregatingCopy =
        aggregating.withChangelogRetention(HOUR);

    assertThat(valueCopy.changelogRetention()).contains(HOUR);
    assertThat(valueCopy.name()).isEqualTo("v");
    assertThat(valueCopy.serde()).isSameAs(Serdes.longs());
    assertThat(listCopy.changelogRetention()).contains(HOUR);
    assertThat(listCopy.elementSerde()).isSameAs(Serdes.string());
    assertThat(mapCopy.changelogRetention()).contains(HOUR);
    assertThat(mapCopy.userKeySerde()).isSameAs(Serdes.string());
    assertThat(mapCopy.valueSerde()).isSameAs(Serdes.longs());
    assertThat(reducingCopy.changelogRetention()).contains(HOUR);
    assertThat(reducingCopy.reducer()).isSameAs(reducing.reducer());
    assertThat(aggregatingCopy.changelogRetention()).contains(HOUR);
    assertThat(aggregatingCopy.aggregator()).isSameAs(sum);
    assertThat(value.changelogRetention()).as("the original is unchanged").isEmpty();
  }

  @Test
  void aRetentionMustBeAPositiveWholeNumberOfMilliseconds() {
    ValueStateDescriptor<Long> value = StateDescriptor.value("v", Serdes.longs());

    assertThatThrownBy(() -> value.withChangelogRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "A changelog retention must be a positive whole number of milliseconds, found PT0S");
    assertThatThrownBy(() -> value.withChangelogRetention(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found PT0.00000001S");
    assertThatThrownBy(() -> value.withChangelogRetention(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("retention");
  }
}
