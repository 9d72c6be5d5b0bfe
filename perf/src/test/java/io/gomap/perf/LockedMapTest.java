package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LockedMap over a GoMap, the LockedGoMap contender: the operations the benchmarks use, and GoMap's nulls. */
class LockedMapTest {

    @Test
    void goMapBehindALockPutsGetsRemovesAndIterates() {
        LockedMap<Integer, String> map = LockedMap.goMap();
        for (int i = 0; i < 1_000; i++) {
            map.put(i, "v" + i);
        }
        map.put(null, "null key");
        assertEquals("v500", map.get(500));
        assertEquals("null key", map.get(null));
        assertEquals("v500", map.remove(500));
        assertNull(map.get(500));
        Map<Integer, String> copy = new HashMap<>();
        map.forEach(copy::put);
        assertEquals(1_000, copy.size());
        assertEquals(copy, new HashMap<>(map));
        assertEquals(map, copy);
    }
}
