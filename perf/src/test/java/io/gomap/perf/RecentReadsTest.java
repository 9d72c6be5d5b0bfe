package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11's growing cache as the benchmark and the lab run it: its keys, its starting map, its cadence. */
class RecentReadsTest {

    @Test
    void keysAreDistinct() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1 << 20; i++) {
            assertTrue(seen.add(RecentReads.key(i)), "key(" + i + ") repeats");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SyncMap", "ConcurrentHashMap"})
    void mapStartsWithSizeKeysAndGrowsOneKeyPerHundredOperations(String impl) {
        RecentReads cache = RecentReads.start(impl, 10_000, 2);
        Map<Integer, Integer> map = cache.map();
        assertEquals(10_000, map.size());
        RecentReads.Worker a = cache.worker(0);
        RecentReads.Worker b = cache.worker(1);
        int ops = 100 * RecentReads.WRITE_EVERY;
        int misses = 0;
        for (int i = 0; i < ops; i++) {
            for (RecentReads.Worker w : new RecentReads.Worker[] {a, b}) {
                int before = w.filled();
                Integer got = w.next();
                if (w.filled() == before && got == null) {
                    misses++;   // a read that found nothing: the workload promises recent reads always hit
                }
            }
        }
        assertEquals(0, misses);
        assertEquals(RecentReads.RECENT + 100, a.filled());
        assertEquals(10_000 + 2 * 100, map.size());
        assertNotNull(map.get(RecentReads.key(10_000 + RecentReads.MAX_FILLS + RecentReads.RECENT + 99)),
                "thread 1's 100th new fill is in the map");
    }

    @Test
    void tooFewKeysForTheThreadsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RecentReads.start("SyncMap", 2047, 2));
        assertThrows(IllegalArgumentException.class, () -> RecentReads.start("SyncMap", 10_000, 0));
    }
}
