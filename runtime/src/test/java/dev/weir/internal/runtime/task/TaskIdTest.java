package dev.weir.internal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

  @Test
  void isWrittenStageUnderscorePartition() {
    assertThat(new TaskId(0, 0)).hasToString("0_0");
    assertThat(new TaskId(2, 17)).hasToString("2_17");
  }

  @Test
  void parsesWhatItWrites() {
    for (TaskId id : List.of(new TaskId(0, 0), new TaskId(1, 9), new TaskId(12, 345))) {
      assertThat(TaskId.parse(id.toString())).isEqualTo(id);
    }
    assertThat(TaskId.parse("3_4").stage()).isEqualTo(3);
    assertThat(TaskId.parse("3_4").partition()).isEqualTo(4);
  }

  @Test
  void textWithoutSeparatorIsNotATaskId() {
    assertThatThrownBy(() -> TaskId.parse("34"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a task id: '34'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a_1", "1_b", "_1", "1_", "1_2_3", ""})
  void malformedTextIsRefused(String text) {
    assertThatThrownBy(() -> TaskId.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ordersByStageThenPartitionNumerically() {
    List<TaskId> ids =
        new ArrayList<>(
            List.of(
                TaskId.parse("1_0"),
                TaskId.parse("0_10"),
                TaskId.parse("0_2"),
                TaskId.parse("10_0"),
                TaskId.parse("2_1")));
    Collections.shuffle(ids, new Random(3));

    Collections.sort(ids);

    assertThat(ids)
        .extracting(TaskId::toString)
        .containsExactly("0_2", "0_10", "1_0", "2_1", "10_0");
  }

  @Test
  void orderIsConsistentWithEquals() {
    assertThat(new TaskId(1, 2))
        .isEqualByComparingTo(TaskId.parse("1_2"))
        .isEqualTo(TaskId.parse("1_2"))
        .hasSameHashCodeAs(new TaskId(1, 2));
    assertThat(new TaskId(1, 2).compareTo(new TaskId(1, 3))).isNegative();
    assertThat(new TaskId(2, 0).compareTo(new TaskId(1, 3))).isPositive();
  }
}
