package io.gomap.perf;

import java.util.Random;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}: rank 0 is the most
 * frequent, rank 1 half as frequent when the exponent is 1, and so on. Used only in benchmark setup, to precompute
 * the key indices each thread walks, so its speed does not matter.
 */
final class ZipfSampler {

    /*
     * Overview:
     *
     * cumulative[r] is the sum of the weights of ranks 0..r, so the array is strictly increasing and its last
     * element is the total weight. A draw picks a uniform point in [0, total) and returns the first rank whose
     * cumulative weight exceeds it, found by binary search.
     */

    /** Running sums of the rank weights; strictly increasing. */
    private final double[] cumulative;

    /**
     * @param n number of ranks, positive
     * @param exponent skew; 0 is uniform, about 1 is the classic Zipf law
     */
    ZipfSampler(int n, double exponent) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
    }

    /** Draws one rank. */
    int next(Random random) {
        double point = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > point) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
