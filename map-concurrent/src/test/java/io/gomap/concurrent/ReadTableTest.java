package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadTableTest {

    /** What valueOf returns for a key the table lacks. */
    private static final Object NONE = new Object();

    /** A key whose hashCode is the same for every instance, so all of them share one home pair. */
    private record Colliding(int id) {
        @Override
        public int hashCode() {
            return 42;
        }
    }

    private static Object[] tableOf(Object[] keys) {
        Object[] kv = ReadTable.create(ReadTable.capacityFor(keys.length));
        for (Object k : keys) {
            ReadTable.place(kv, k, "v" + k);
        }
        return kv;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 8, 9, 1000, 100_000})
    void findsEveryKeyAndNoOther(int n) {
        Integer[] keys = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
        }
        Object[] kv = tableOf(keys);
        assertEquals(n, ReadTable.keys(kv));
        for (int i = 0; i < n; i++) {
            int slot = ReadTable.slotOf(kv, i);
            assertTrue(slot > 0 && slot % 2 == 1, "value slots are odd");
            assertEquals("v" + i, ReadTable.value(kv, slot));
            assertEquals("v" + i, ReadTable.valueOf(kv, keys[i], NONE));
        }
        for (int i = n; i < n + 1000; i++) {
            assertEquals(-1, ReadTable.slotOf(kv, i));
            assertSame(NONE, ReadTable.valueOf(kv, i, NONE));
        }
        assertNull(ReadTable.reserved(kv), "the reserved element stays free");
    }

    @Test
    void keysWithOneHashCodeProbePastEachOther() {
        Colliding[] keys = new Colliding[1000];
        for (int i = 0; i < 1000; i++) {
            keys[i] = new Colliding(i);
        }
        Object[] kv = tableOf(keys);
        for (int i = 0; i < 1000; i++) {
            assertEquals("v" + keys[i], ReadTable.value(kv, ReadTable.slotOf(kv, new Colliding(i))));
            assertEquals("v" + keys[i], ReadTable.valueOf(kv, keys[i], NONE));
            assertEquals("v" + keys[i], ReadTable.valueOf(kv, new Colliding(i), NONE));
        }
        assertEquals(-1, ReadTable.slotOf(kv, new Colliding(1000)));
        assertSame(NONE, ReadTable.valueOf(kv, new Colliding(1000), NONE));
    }

    /** One walk of the run: a key equal to one placed (same object or not) replaces its value; any other is added. */
    @Test
    void placeOrReplaceAddsNewKeysAndReplacesEqualOnes() {
        Object[] kv = ReadTable.create(ReadTable.capacityFor(300));
        for (int i = 0; i < 300; i++) {
            assertTrue(ReadTable.placeOrReplace(kv, new Colliding(i), "a" + i), "new key " + i);
        }
        for (int i = 0; i < 300; i += 3) {
            assertFalse(ReadTable.placeOrReplace(kv, new Colliding(i), "b" + i), "equal key " + i);
        }
        Integer same = 1000;
        assertTrue(ReadTable.placeOrReplace(kv, same, "c"));
        assertFalse(ReadTable.placeOrReplace(kv, same, "d"));
        assertEquals(301, ReadTable.keys(kv));
        for (int i = 0; i < 300; i++) {
            assertEquals((i % 3 == 0 ? "b" : "a") + i, ReadTable.valueOf(kv, new Colliding(i), NONE));
        }
        assertEquals("d", ReadTable.valueOf(kv, same, NONE));
    }

    @Test
    void valueOfADeletedKeyIsItsEmptySlotNotNone() {
        Object[] kv = tableOf(new Integer[] {1, 2, 3});
        kv[ReadTable.slotOf(kv, 2)] = null;
        assertNull(ReadTable.valueOf(kv, 2, NONE));
        assertSame(NONE, ReadTable.valueOf(kv, 4, NONE));
    }

    @Test
    void capacityKeepsTablesAtMostFortyPercentFull() {
        assertEquals(ReadTable.MIN_CAPACITY, ReadTable.capacityFor(0));
        assertEquals(4, ReadTable.capacityFor(1));
        assertEquals(8, ReadTable.capacityFor(2));
        assertEquals(8, ReadTable.capacityFor(3));
        assertEquals(16, ReadTable.capacityFor(4));
        assertEquals(4096, ReadTable.capacityFor(1000));
        assertEquals(1 << 22, ReadTable.capacityFor(1_000_000));
        assertEquals(1 << 29, ReadTable.capacityFor(ReadTable.MAX_KEYS));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReadTable.capacityFor(ReadTable.MAX_KEYS + 1));
        assertEquals("SyncMap cannot hold more than 214748364 keys (40% of 2^29 pairs)", e.getMessage());
        assertEquals(2 * 2048 + 1, ReadTable.create(2048).length);
    }

    @Test
    void reservedElementIsTheLast() {
        Object[] kv = ReadTable.create(4);
        Object mark = new Object();
        ReadTable.setReserved(kv, mark);
        assertEquals(mark, kv[kv.length - 1]);
        assertEquals(mark, ReadTable.reserved(kv));
        assertEquals(kv.length - 1, ReadTable.reservedIndex(kv));
    }
}
