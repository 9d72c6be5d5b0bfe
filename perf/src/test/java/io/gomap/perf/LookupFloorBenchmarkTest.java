package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
