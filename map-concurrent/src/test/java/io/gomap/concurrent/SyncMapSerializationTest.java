package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
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

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

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

        @SuppressWarnings("unchecked")
        SyncMap<Integer, String> c = (SyncMap<Integer, String>) deserialize(serialize(m));

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
        @SuppressWarnings("unchecked")
        SyncMap<String, String> c = (SyncMap<String, String>) deserialize(serialize(new SyncMap<String, String>()));
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
        @SuppressWarnings("unchecked")
        Map<String, Object> hc = (Map<String, Object>) deserialize(serialize(h));
        assertSame(hc, hc.get("self"), "ConcurrentHashMap keeps the self-reference");

        SyncMap<String, Object> m = new SyncMap<>();
        m.put("self", m);
        m.put("x", 1);
        @SuppressWarnings("unchecked")
        SyncMap<String, Object> c = (SyncMap<String, Object>) deserialize(serialize(m));
        assertSame(c, c.get("self"));
        assertEquals(1, c.get("x"));
    }

    /** A value whose own field refers back to the map reads back referring to the copy. */
    @Test
    void valueReferringBackToTheMapReadsBackReferringToTheCopy() throws Exception {
        SyncMap<String, Holder> m = new SyncMap<>();
        m.put("a", new Holder(m));
        @SuppressWarnings("unchecked")
        SyncMap<String, Holder> c = (SyncMap<String, Holder>) deserialize(serialize(m));
        assertSame(c, c.get("a").map);
    }

    /** A copy's lock is free and its count is its own, whatever the original's were while it was written. */
    @Test
    void copyStartsWithAFreeLockAndItsOwnCount() throws Exception {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(i, i);
        }
        @SuppressWarnings("unchecked")
        SyncMap<Integer, Integer> c = (SyncMap<Integer, Integer>) deserialize(serialize(m));
        assertEquals(100, c.size());
        c.put(100, 100);
        c.remove(0);
        assertEquals(100, c.size());
        assertEquals(100, m.size(), "the original is unchanged");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A value that refers back to its map. */
    static final class Holder implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final Map<String, Holder> map;

        Holder(Map<String, Holder> map) {
            this.map = map;
        }
    }

    /** A key whose equality can be changed after it was put. */
    static final class MutableKey implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        int id;

        MutableKey(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MutableKey k && k.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }
}
