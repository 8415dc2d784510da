package dev.weir.internal.runtime.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.Stream;
import dev.weir.api.functions.Collector;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.TransformNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import dev.weir.serde.Serdes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chains of stateless operators built by hand from the graph's nodes, ending in a capturing
 * operator: what reaches the end, and which operator an exception is blamed on.
 */
class TransformOperatorsTest {

  /** The end of a chain: keeps what reaches it and whether it was closed. */
  private static final class Capture extends Operator {
    final List<Object> values = new ArrayList<>();
    boolean closed;

    Capture(String name) {
      super(name, null);
    }

    @Override
    public void process(Object value) {
      values.add(value);
    }

    @Override
    public void close() {
      closed = true;
      super.close();
    }
  }

  private final Pipeline pipeline = Pipeline.create();
  private final Stream<String> words =
      pipeline.source(KafkaSource.of("words", Serdes.string(), Serdes.string()).named("words"));

  private TransformNode node(String name) {
    for (Node node : pipeline.graph().nodes()) {
      if (node.name().equals(name)) {
        return (TransformNode) node;
      }
    }
    throw new AssertionError("no node " + name);
  }

  private Operator operator(String name, Operator... next) {
    return TransformOperators.of(node(name), next);
  }

  @Test
  void mapFilterAndPeekInAChain() {
    List<Object> peeked = new ArrayList<>();
    words.map(String::length).filter(n -> n > 2).peek(peeked::add);
    Capture end = new Capture("end");
    Operator chain =
        operator(
            "words-map",
            operator("words-map-filter", operator("words-map-filter-peek", end)));

    for (String word : List.of("a", "four", "to", "three")) {
      chain.process(word);
    }

    assertThat(end.values).containsExactly(4, 5);
    assertThat(peeked).containsExactly(4, 5);
    assertThat(chain.name()).isEqualTo("words-map");
  }

  @Test
  void flatMapEmitsEachCollectedValueInOrder() {
    words.flatMap(
        (String line, Collector<String> out) -> {
          for (String word : line.split(" ")) {
            if (!word.isEmpty()) {
              out.collect(word);
            }
          }
        });
    Capture end = new Capture("end");
    Operator flatMap = operator("words-flat-map", end);

    flatMap.process("the quick  fox");
    flatMap.process("");
    flatMap.process("jumps");

    assertThat(end.values).containsExactly("the", "quick", "fox", "jumps");
  }

  @Test
  void anOperatorWithSeveralFollowersHandsEachValueToAllInOrder() {
    words.map(String::toUpperCase);
    List<String> order = new ArrayList<>();
    Operator first =
        new Operator("first", null) {
          @Override
          public void process(Object value) {
            order.add("first:" + value);
          }
        };
    Operator second =
        new Operator("second", null) {
          @Override
          public void process(Object value) {
            order.add("second:" + value);
          }
        };

    Operator map = operator("words-map", first, second);
    map.process("a");
    map.process("b");

    assertThat(order).containsExactly("first:A", "second:A", "first:B", "second:B");
  }

  @Test
  void peekPassesTheSameObjectOn() {
    words.peek(v -> {});
    Capture end = new Capture("end");
    String value = new String("same");

    operator("words-peek", end).process(value);

    assertThat(end.values).singleElement().isSameAs(value);
  }

  @Test
  void anExceptionInAMapIsBlamedOnTheMap() {
    IllegalStateException boom = new IllegalStateException("boom");
    words.map(
        v -> {
          throw boom;
        });
    Capture end = new Capture("end");

    RecordProcessingException failure =
        catchThrowableOfType(
            RecordProcessingException.class, () -> operator("words-map", end).process("x"));

    assertThat(failure.operator()).isEqualTo("words-map");
    assertThat(failure).hasCause(boom);
    assertThat(failure)
        .hasMessage("Operator 'words-map' failed: java.lang.IllegalStateException: boom");
    assertThat(end.values).isEmpty();
  }

  @Test
  void checkedExceptionsOfEachKindAreBlamedOnTheirOperator() {
    IOException io = new IOException("io");
    words.filter(v -> { throw io; });
    words.peek(v -> { throw io; });
    words.flatMap((String v, Collector<String> out) -> { throw io; });
    Capture end = new Capture("end");

    for (String name : List.of("words-filter", "words-peek", "words-flat-map")) {
      RecordProcessingException failure =
          catchThrowableOfType(
              RecordProcessingException.class, () -> operator(name, end).process("x"));
      assertThat(failure.operator()).isEqualTo(name);
      assertThat(failure).hasCause(io);
    }
    assertThat(end.values).isEmpty();
  }

  @Test
  void aMapReturningNullIsBlamedOnTheMap() {
    words.map(v -> null);

    assertThatThrownBy(() -> operator("words-map", new Capture("end")).process("x"))
        .isInstanceOf(RecordProcessingException.class)
        .hasMessageContaining("Operator 'words-map' failed")
        .hasRootCauseInstanceOf(NullPointerException.class)
        .hasRootCauseMessage("map function returned null");
  }

  @Test
  void aFlatMapCollectingNullIsBlamedOnTheFlatMap() {
    words.flatMap((String v, Collector<String> out) -> out.collect(null));

    RecordProcessingException failure =
        catchThrowableOfType(
            RecordProcessingException.class,
            () -> operator("words-flat-map", new Capture("end")).process("x"));

    assertThat(failure.operator()).isEqualTo("words-flat-map");
    assertThat(failure.getCause())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("flat-map function collected null");
  }

  @Test
  void anExceptionAfterAFlatMapIsBlamedOnTheOperatorThatThrewNotRewrapped() {
    ArithmeticException boom = new ArithmeticException("after flat-map");
    words
        .flatMap((String v, Collector<String> out) -> out.collect(v))
        .map(
            v -> {
              throw boom;
            });
    Capture end = new Capture("end");
    Operator chain = operator("words-flat-map", operator("words-flat-map-map", end));

    RecordProcessingException failure =
        catchThrowableOfType(RecordProcessingException.class, () -> chain.process("x"));

    assertThat(failure.operator()).isEqualTo("words-flat-map-map");
    assertThat(failure.getCause()).isSameAs(boom);
  }

  @Test
  void anExceptionBehindTwoFlatMapsAndAMapIsStillBlamedOnItsOperator() {
    IOException boom = new IOException("deep");
    words
        .flatMap((String v, Collector<String> out) -> out.collect(v))
        .map(String::trim)
        .flatMap((String v, Collector<String> out) -> out.collect(v))
        .filter(v -> { throw boom; });
    Capture end = new Capture("end");
    Operator chain =
        operator(
            "words-flat-map",
            operator(
                "words-flat-map-map",
                operator(
                    "words-flat-map-map-flat-map",
                    operator("words-flat-map-map-flat-map-filter", end))));

    RecordProcessingException failure =
        catchThrowableOfType(RecordProcessingException.class, () -> chain.process("x"));

    assertThat(failure.operator()).isEqualTo("words-flat-map-map-flat-map-filter");
    assertThat(failure.getCause()).isSameAs(boom);
  }

  @Test
  void valuesEmittedBeforeAFailureHaveReachedTheEnd() {
    words.flatMap(
        (String v, Collector<String> out) -> {
          out.collect("first");
          throw new IllegalArgumentException("then fail");
        });
    Capture end = new Capture("end");

    assertThatThrownBy(() -> operator("words-flat-map", end).process("x"))
        .isInstanceOf(RecordProcessingException.class)
        .hasMessageContaining("then fail");
    assertThat(end.values).containsExactly("first");
  }

  @Test
  void closeReachesEveryOperatorOfTheChain() {
    words.map(String::trim);
    words.filter(v -> true);
    Capture a = new Capture("a");
    Capture b = new Capture("b");
    Operator chain = operator("words-map", operator("words-filter", a), b);

    chain.close();

    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
  }
}
