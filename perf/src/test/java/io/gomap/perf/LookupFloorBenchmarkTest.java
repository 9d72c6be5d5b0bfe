package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LookupFloorBenchmarkTest {

    /** A floor that missed its keys would time misses and report a floor lower than it is. */
    @Test
    void theFloorFindsNearlyEveryKeyAndNoOtherObject() {
        LookupFloorBenchmark benchmark = new LookupFloorBenchmark();
        benchmark.size = 1000;
        benchmark.setUp();
        int found = 0;
        for (Integer key : benchmark.hits) {
            Object value = benchmark.floorGet(key);
            if (value != null) {
                assertSame(key, value);
                found++;
            }
        }
        assertTrue(found >= 0.99 * benchmark.hits.length, found + " of " + benchmark.hits.length + " found");
        for (int i = 0; i < 1000; i++) {
            assertNull(benchmark.floorGet(new Object()));
        }
    }

    /** The miss benchmarks must time misses: no miss key is in the floor's table (or the maps, filled with the hits). */
    @Test
    void theMissKeysAreAbsent() {
        LookupFloorBenchmark benchmark = new LookupFloorBenchmark();
        benchmark.size = 1000;
        benchmark.setUp();
        assertEquals(benchmark.hits.length, benchmark.misses.length);
        Set<Integer> present = new HashSet<>(Arrays.asList(benchmark.hits));
        for (Integer key : benchmark.misses) {
            assertNull(benchmark.floorGet(key));
            assertFalse(present.contains(key), key + " is a hit");
        }
        // Each benchmark call takes the next miss key, so one pass of calls per map looks up every key in it.
        for (int i = 0; i < benchmark.misses.length; i++) {
            assertNull(benchmark.goMapMiss());
        }
        for (int i = 0; i < benchmark.misses.length; i++) {
            assertNull(benchmark.hashMapMiss());
        }
    }
}
