package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

  @Test
  void probabilitiesFallWithRankAndSumToOne() {
    ZipfSampler zipf = new ZipfSampler(1000, 0.8);
    double sum = 0;
    for (int rank = 0; rank < zipf.size(); rank++) {
      sum += zipf.probability(rank);
      if (rank > 0) {
        assertThat(zipf.probability(rank)).isLessThan(zipf.probability(rank - 1));
      }
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void samplesFollowTheDistribution() {
    ZipfSampler zipf = new ZipfSampler(100, 1.0);
    SplittableRandom random = new SplittableRandom(1);
    int[] hits = new int[100];
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      hits[zipf.sample(random)]++;
    }
    assertThat(hits[0] / (double) n).isCloseTo(zipf.probability(0), org.assertj.core.data.Offset.offset(0.01));
    assertThat(hits[0]).isGreaterThan(hits[10]).isGreaterThan(hits[99]);
  }

  @Test
  void exponentZeroIsUniform() {
    ZipfSampler uniform = new ZipfSampler(4, 0);
    assertThat(uniform.probability(0)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(uniform.probability(3)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rejectsAnEmptyRange() {
    assertThatThrownBy(() -> new ZipfSampler(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be at least 1, was 0");
  }
}
