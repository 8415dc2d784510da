package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.functions.TimestampAssigner;
import dev.weir.serde.Serdes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument checks of the source, sink and repartition option objects, and their immutability. */
class SourcesSinksAndRepartitionTest {

  @Test
  void aSourceNeedsAtLeastOneTopic() {
    assertThatThrownBy(() -> KafkaSource.of(List.of(), Serdes.string(), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A source needs at least one topic");
  }

  @Test
  void aSourceRefusesBlankAndNullTopicsShowingTheList() {
    assertThatThrownBy(() -> KafkaSource.of(" ", Serdes.string(), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic names must not be blank, found [ ]");
    assertThatThrownBy(
            () -> KafkaSource.of(Arrays.asList("a", null), Serdes.string(), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic names must not be blank, found [a, null]");
  }

  @Test
  void aSourceRefusesATopicNamedTwice() {
    assertThatThrownBy(
            () -> KafkaSource.of(List.of("a", "b", "a"), Serdes.string(), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A source names a topic twice: [a, b, a]");
  }

  @Test
  void aSourceNeedsBothSerdes() {
    assertThatThrownBy(() -> KafkaSource.of("a", null, Serdes.string()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keySerde");
    assertThatThrownBy(() -> KafkaSource.of("a", Serdes.string(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("valueSerde");
    assertThatThrownBy(() -> KafkaSource.of((List<String>) null, Serdes.string(), Serdes.string()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("topics");
  }

  @Test
  void aSourceCopiesItsTopicsAndEachWithReturnsACopy() {
    List<String> topics = new ArrayList<>(List.of("a", "b"));
    KafkaSource<String, String> source = KafkaSource.of(topics, Serdes.string(), Serdes.string());
    topics.add("c");
    TimestampAssigner<String> assigner = (value, ts) -> 42L;

    KafkaSource<String, String> named = source.named("in");
    KafkaSource<String, String> timed = named.withTimestamps(assigner);

    assertThat(source.topics()).containsExactly("a", "b");
    assertThat(source.name()).isNull();
    assertThat(source.timestampAssigner()).isNull();
    assertThat(named.name()).isEqualTo("in");
    assertThat(named.timestampAssigner()).isNull();
    assertThat(timed.name()).isEqualTo("in");
    assertThat(timed.timestampAssigner()).isSameAs(assigner);
    assertThat(timed.topics()).containsExactly("a", "b");
    assertThatThrownBy(() -> source.topics().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aSinkNeedsATopicName() {
    assertThatThrownBy(() -> KafkaSink.of("", Serdes.string(), Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A sink needs a topic name, found ''");
    assertThatThrownBy(() -> KafkaSink.valuesOnly(null, Serdes.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A sink needs a topic name, found 'null'");
    assertThatThrownBy(() -> KafkaSink.of("t", null, Serdes.string()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keySerde");
    assertThatThrownBy(() -> KafkaSink.valuesOnly("t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("valueSerde");
  }

  @Test
  void aValuesOnlySinkCannotTakeAKeyFunctionAndSaysHowToGetOne() {
    KafkaSink<Void, String> sink = KafkaSink.valuesOnly("out", Serdes.string());

    assertThat(sink.keySerde()).isNull();
    assertThatThrownBy(() -> sink.withKey(v -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Sink to 'out' writes no keys")
        .hasMessageContaining("KafkaSink.of(topic, keySerde, valueSerde)");
  }

  @Test
  void aSinksWithMethodsReturnCopies() {
    KafkaSink<String, String> sink = KafkaSink.of("out", Serdes.string(), Serdes.string());

    KafkaSink<String, String> keyed = sink.withKey(String::trim);
    KafkaSink<String, String> named = keyed.named("writer");

    assertThat(sink.keyFunction()).isNull();
    assertThat(sink.name()).isNull();
    assertThat(keyed.keyFunction()).isNotNull();
    assertThat(named.keyFunction()).isSameAs(keyed.keyFunction());
    assertThat(named.name()).isEqualTo("writer");
    assertThat(named.topic()).isEqualTo("out");
    assertThatThrownBy(() -> sink.withKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyFunction");
  }

  @Test
  void aRepartitionNeedsAKeyAndAKeySerde() {
    assertThatThrownBy(() -> Repartition.by(null, Serdes.string()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keySelector");
    assertThatThrownBy(() -> Repartition.<String, String>by(v -> v, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keySerde");
  }

  @Test
  void aRepartitionNeedsAtLeastOnePartition() {
    Repartition<String, String> repartition = Repartition.by(v -> v, Serdes.string());

    assertThatThrownBy(() -> repartition.partitions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A repartition topic needs at least 1 partition, found 0");
    assertThatThrownBy(() -> repartition.partitions(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A repartition topic needs at least 1 partition, found -3");
    assertThat(repartition.partitions(1).partitions()).isEqualTo(1);
  }

  @Test
  void aRepartitionsWithMethodsReturnCopies() {
    Repartition<String, String> base = Repartition.by(v -> v, Serdes.string());

    Repartition<String, String> full =
        base.named("by-key").partitions(3).valueSerde(Serdes.string());

    assertThat(base.name()).isNull();
    assertThat(base.partitions()).isNull();
    assertThat(base.valueSerde()).isNull();
    assertThat(full.name()).isEqualTo("by-key");
    assertThat(full.partitions()).isEqualTo(3);
    assertThat(full.valueSerde()).isSameAs(Serdes.string());
    assertThat(full.keySelector()).isSameAs(base.keySelector());
    assertThatThrownBy(() -> base.valueSerde(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("valueSerde");
  }
}
