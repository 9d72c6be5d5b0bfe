package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.concurrent.SyncMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every contender builds a working map, and parse accepts the documented names. */
class ContenderTest {

    private static final int KEYS = 100;   // below CaffeineBounded's bound, so nothing is evicted

    @ParameterizedTest
    @EnumSource(Contender.class)
    void putGetRemoveIterate(Contender contender) {
        Map<Integer, Integer> map = contender.create(KEYS);
        for (int i = 0; i < KEYS; i++) {
            assertNull(map.put(i, i * 2), contender + " put " + i);
        }
        assertEquals(KEYS, map.size(), contender.displayName());
        assertEquals(14, map.get(7));
        assertEquals(14, map.put(7, 15));
        assertEquals(15, map.remove(7));
        assertNull(map.get(7));
        assertFalse(map.containsKey(7));
        Map<Integer, Integer> seen = new HashMap<>();
        map.forEach(seen::put);
        Map<Integer, Integer> iterated = new HashMap<>();
        for (Iterator<Map.Entry<Integer, Integer>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Integer> e = it.next();
            iterated.put(e.getKey(), e.getValue());
            if (e.getKey() % 2 == 0) {
                it.remove();
            }
        }
        assertEquals(KEYS - 1, seen.size());
        assertEquals(seen, iterated);
        assertEquals(KEYS / 2 - 1, map.size(), contender + " after removing even keys");
        assertTrue(map.entrySet().stream().allMatch(e -> e.getKey() % 2 == 1 && e.getValue() == e.getKey() * 2));
    }

    @Test
    void parseAcceptsDisplayAndConstantNamesIgnoringCase() {
        for (Contender contender : Contender.values()) {
            assertSame(contender, Contender.parse(contender.displayName()));
            assertSame(contender, Contender.parse(contender.displayName().toUpperCase(Locale.ROOT)));
            assertSame(contender, Contender.parse(contender.name().toLowerCase(Locale.ROOT)));
        }
        assertSame(Contender.RW_LOCKED_HASH_MAP, Contender.parse("rwlockedhashmap"));
    }

    @Test
    void parseRejectsUnknownNamesListingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Contender.parse("TreeMap"));
        for (Contender contender : Contender.values()) {
            assertTrue(e.getMessage().contains(contender.displayName()), e.getMessage());
        }
    }

    @Test
    void factoriesBuildTheNamedClasses() {
        assertTrue(Contender.SYNC_MAP.create(1) instanceof SyncMap);
        assertTrue(Contender.CONCURRENT_HASH_MAP.create(1) instanceof ConcurrentHashMap);
        assertTrue(Contender.RW_LOCKED_HASH_MAP.create(1) instanceof ReadWriteLockedMap);
        assertTrue(Contender.LOCKED_GO_MAP.create(1) instanceof LockedMap);
    }

    @Test
    void boundedCaffeineEvictsBeyondItsBound() {
        Map<Integer, Integer> map = Contender.CAFFEINE_BOUNDED.create(10);
        for (int i = 0; i < 1_000; i++) {
            map.put(i, i);
        }
        // Caffeine evicts asynchronously on its executor; cleanUp is not reachable through asMap, so only an upper
        // bound well above the limit is stable: without eviction all 1,000 would be present.
        assertTrue(map.size() < 1_000, "size " + map.size());
    }
}
