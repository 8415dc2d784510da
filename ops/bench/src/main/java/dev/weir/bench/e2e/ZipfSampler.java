package dev.weir.bench.e2e;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}: a
 * few hot keys and a long tail. Exponent 0 is uniform; 1 is classic Zipf. Immutable after
 * construction; {@link #sample} is a binary search over the cumulative distribution.
 */
final class ZipfSampler {

  private final double[] cumulative;

  ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, was " + n);
    }
    if (exponent < 0) {
      throw new IllegalArgumentException("exponent must not be negative, was " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += 1.0 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < n; rank++) {
      cumulative[rank] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  int size() {
    return cumulative.length;
  }

  /** Probability of {@code rank}. */
  double probability(int rank) {
    return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
  }

  int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
  }
}
