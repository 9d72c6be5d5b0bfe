package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadTableTest {

    /** A key whose hashCode is the same for every instance, so all of them share one home slot. */
    private record Colliding(int id) {
        @Override
        public int hashCode() {
            return 42;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 8, 9, 1000, 100_000})
    void findsEveryKeyAndNoOther(int n) {
        Map<Integer, String> source = new HashMap<>();
        for (int i = 0; i < n; i++) {
            source.put(i, "v" + i);
        }
        ReadTable<Integer, String> t = ReadTable.of(source);
        assertEquals(n, t.size());
        for (int i = 0; i < n; i++) {
            assertEquals("v" + i, t.get(i));
        }
        for (int i = n; i < n + 1000; i++) {
            assertNull(t.get(i));
        }
    }

    @Test
    void keysWithOneHashCodeProbePastEachOther() {
        Map<Colliding, Integer> source = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            source.put(new Colliding(i), i);
        }
        ReadTable<Colliding, Integer> t = ReadTable.of(source);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, t.get(new Colliding(i)));
        }
        assertNull(t.get(new Colliding(1000)));
    }

    @Test
    void cursorVisitsEachEntryOnce() {
        Map<Integer, Integer> source = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            source.put(i, -i);
        }
        Set<Integer> seen = new HashSet<>();
        for (ReadTable.Cursor<Integer, Integer> c = ReadTable.of(source).cursor(); c.advance(); ) {
            assertTrue(seen.add(c.key), "visited twice: " + c.key);
            assertEquals(-c.key, c.entry);
        }
        assertEquals(source.keySet(), seen);
    }

    @Test
    void forEachStopsWhenTheActionSaysSo() {
        Map<Integer, Integer> source = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            source.put(i, i);
        }
        int[] calls = {0};
        ReadTable.of(source).forEach((k, e) -> ++calls[0] < 10);
        assertEquals(10, calls[0]);
    }

    @Test
    void amendedCopySharesTheEntries() {
        ReadTable<String, String> t = ReadTable.of(Map.of("a", "1"));
        ReadTable<String, String> amended = t.withAmended(true);
        assertFalse(t.amended);
        assertTrue(amended.amended);
        assertSame(t, t.withAmended(false));
        assertEquals("1", amended.get("a"));
    }
}
