package io.gomap.concurrent;

import static io.gomap.serialcheck.Streams.copy;
import static io.gomap.serialcheck.Streams.deserialize;
import static io.gomap.serialcheck.Streams.indexOf;
import static io.gomap.serialcheck.Streams.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.serialcheck.Streams.Holder;
import io.gomap.serialcheck.Streams.MutableKey;
import java.io.InvalidObjectException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Serialization of {@link SyncMap}: what a deserialized map holds, and the streams it refuses. guava-testlib's
 * conformance suite also runs every test on a reserialized map ({@code SyncMapConformanceTest}).
 */
class SyncMapSerializationTest {

    @Test
    void roundTripKeepsEveryEntryAndPromotesThemAll() throws Exception {
        SyncMap<Integer, String> m = new SyncMap<>();
        Map<Integer, String> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            int k = random.nextInt(5_000);
            m.put(k, "v" + i);
            expected.put(k, "v" + i);
            if (i % 7 == 0) {
                m.remove(k);
                expected.remove(k);
            }
        }
        assertTrue(m.amended(), "the original has keys outside its snapshot");

        SyncMap<Integer, String> c = copy(m);

        assertNotSame(m, c);
        assertEquals(expected, c);
        assertEquals(expected, m, "serializing leaves the original as it was");
        assertFalse(c.amended(), "the copy has no key outside its snapshot");
        for (Integer k : expected.keySet()) {
            assertTrue(c.inReadSnapshot(k), "key " + k + " in the read snapshot");
        }
        c.put(-1, "new");
        assertEquals("new", c.get(-1));
    }

    @Test
    void nullKeyInAStreamEndsIt() throws Exception {
        // The form ends its entries with a null key; an empty map is that marker alone.
        SyncMap<String, String> c = copy(new SyncMap<String, String>());
        assertTrue(c.isEmpty());
    }

    @Test
    void nullValueInAStreamIsRefused() throws Exception {
        SyncMap<String, String> m = new SyncMap<>();
        m.put("k", "v");
        byte[] bytes = serialize(m);
        // The value is the string "v" (TC_STRING, length 1, 'v'), written after its key; nothing refers back to it,
        // so it can be cut to TC_NULL without moving any handle the rest of the stream uses.
        int at = indexOf(bytes, new byte[] {0x74, 0x00, 0x01, 'v'});
        assertTrue(at >= 0, "value found");
        byte[] forged = new byte[bytes.length - 3];
        System.arraycopy(bytes, 0, forged, 0, at);
        forged[at] = 0x70;
        System.arraycopy(bytes, at + 4, forged, at + 1, bytes.length - at - 4);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> deserialize(forged));
        assertEquals("a null value in the stream, for key k", e.getMessage());
    }

    @Test
    void streamThatRepeatsAKeyIsRefused() throws Exception {
        SyncMap<MutableKey, String> m = new SyncMap<>();
        MutableKey a = new MutableKey(1);
        MutableKey b = new MutableKey(2);
        m.put(a, "a");
        m.put(b, "b");
        b.id = 1; // both keys now equal: the stream holds two entries for one key
        byte[] bytes = serialize(m);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> deserialize(bytes));
        assertTrue(e.getMessage().startsWith("the stream repeats a key"), e.getMessage());
    }

    /** A map that holds itself as a value reads back holding itself, as a ConcurrentHashMap does. */
    @Test
    void mapHoldingItselfAsAValueReadsBackHoldingItself() throws Exception {
        ConcurrentHashMap<String, Object> h = new ConcurrentHashMap<>();
        h.put("self", h);
        ConcurrentHashMap<String, Object> hc = copy(h);
        assertSame(hc, hc.get("self"), "ConcurrentHashMap keeps the self-reference");

        SyncMap<String, Object> m = new SyncMap<>();
        m.put("self", m);
        m.put("x", 1);
        SyncMap<String, Object> c = copy(m);
        assertSame(c, c.get("self"));
        assertEquals(1, c.get("x"));
    }

    /** A value whose own field refers back to the map reads back referring to the copy. */
    @Test
    void valueReferringBackToTheMapReadsBackReferringToTheCopy() throws Exception {
        SyncMap<String, Holder> m = new SyncMap<>();
        m.put("a", new Holder(m));
        SyncMap<String, Holder> c = copy(m);
        assertSame(c, c.get("a").map);
    }

    /** A copy's lock is free and its count is its own, whatever the original's were while it was written. */
    @Test
    void copyStartsWithAFreeLockAndItsOwnCount() throws Exception {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(i, i);
        }
        SyncMap<Integer, Integer> c = copy(m);
        assertEquals(100, c.size());
        c.put(100, 100);
        c.remove(0);
        assertEquals(100, c.size());
        assertEquals(100, m.size(), "the original is unchanged");
    }
}
