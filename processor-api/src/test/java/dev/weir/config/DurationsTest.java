package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "10s, PT10S",
    "5m, PT5M",
    "1h, PT1H",
    "2d, PT48H",
    "1500, PT1.5S",
    "0, PT0S",
    "PT10S, PT10S",
    "pt10s, PT10S",
    "PT1M30S, PT1M30S",
    "10S, PT10S",
    "' 10 s ', PT10S",
    "100MS, PT0.1S"
  })
  void parsesTheShortFormsBareMillisAndIso(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10x", "ten", "", "1.5s", "s", "10 seconds", "-5s"})
  void refusesAnythingElseSayingHowToWriteADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration; write it like 250ms, 10s, 5m, 1h or 2d");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.1S, 100ms",
    "PT1S, 1s",
    "PT1.5S, 1500ms",
    "PT90S, 90s",
    "PT5M, 5m",
    "PT1H, 1h",
    "PT90M, 90m",
    "PT48H, 2d",
    "PT0S, 0ms"
  })
  void formatsTheShortestExactForm(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }
}
