package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark setup helpers: keys, index walks, the Zipf sampler, the update cadence. */
class WorkloadTest {

    @Test
    void keysAreDistinctSeparateObjectsAboveTheFloor() {
        Integer[] keys = Workload.keys(10_000, 1);
        Set<Integer> distinct = new HashSet<>(Arrays.asList(keys));
        assertEquals(keys.length, distinct.size());
        assertTrue(Arrays.stream(keys).allMatch(k -> k >= Workload.KEY_FLOOR));
        assertTrue(Arrays.equals(keys, Workload.keys(10_000, 1)), "same seed, same keys");
    }

    @Test
    void uniformIndicesCoverEveryKeyEquallyOften() {
        int[] indices = Workload.indices(Workload.UNIFORM, 1000, 7);
        assertEquals(Workload.MIN_INDICES, indices.length);
        int[] counts = new int[1000];
        for (int index : indices) {
            counts[index]++;
        }
        int expected = indices.length / 1000;
        assertTrue(Arrays.stream(counts).allMatch(c -> c == expected || c == expected + 1), Arrays.toString(counts));
    }

    @Test
    void indexLengthIsAPowerOfTwoCoveringTheKeys() {
        assertEquals(1 << 20, Workload.indexLength(1_000_000));
        assertEquals(Workload.MIN_INDICES, Workload.indexLength(1));
        assertThrows(IllegalArgumentException.class, () -> Workload.indices("gaussian", 10, 1));
    }

    @Test
    void zipfFavoursLowRanksRoughlyInverseToRank() {
        ZipfSampler zipf = new ZipfSampler(1000, 1.0);
        Random random = new Random(3);
        int[] counts = new int[1000];
        for (int i = 0; i < 200_000; i++) {
            counts[zipf.next(random)]++;
        }
        // Rank 0 should be drawn about twice as often as rank 1 and ten times as often as rank 9.
        double ratio1 = (double) counts[0] / counts[1];
        double ratio9 = (double) counts[0] / counts[9];
        assertTrue(ratio1 > 1.7 && ratio1 < 2.3, "rank0/rank1 = " + ratio1);
        assertTrue(ratio9 > 8 && ratio9 < 12, "rank0/rank9 = " + ratio9);
    }

    @Test
    void zipfIndicesStayInRange() {
        int[] indices = Workload.indices(Workload.ZIPF, 50, 5);
        assertTrue(Arrays.stream(indices).allMatch(i -> i >= 0 && i < 50));
    }

    @Test
    void updateEveryMatchesTheReadPercentage() {
        assertEquals(0, ReadWriteMixBenchmark.updateEvery(100));
        assertEquals(100, ReadWriteMixBenchmark.updateEvery(99));
        assertEquals(10, ReadWriteMixBenchmark.updateEvery(90));
        assertEquals(2, ReadWriteMixBenchmark.updateEvery(50));
        assertThrows(IllegalArgumentException.class, () -> ReadWriteMixBenchmark.updateEvery(97));
    }
}
