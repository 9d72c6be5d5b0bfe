package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Class<?> form = Class.forName(SyncMap.class.getName() + "$SerializedForm");
        try (ObjectOutputStream out = new StandInWriter(bytes, NullValued.class, form)) {
            out.writeObject(new NullValued());
        }
        InvalidObjectException e =
                assertThrows(InvalidObjectException.class, () -> deserialize(bytes.toByteArray()));
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

    @Test
    void syncMapStreamWithoutItsSerializedFormIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new StandInWriter(bytes, StandIn.class, SyncMap.class)) {
            out.writeObject(new StandIn());
        }
        InvalidObjectException e =
                assertThrows(InvalidObjectException.class, () -> deserialize(bytes.toByteArray()));
        assertEquals("a SyncMap is read through its serialized form", e.getMessage());
    }

    /** Writes the class descriptor of {@code as} wherever {@code written}'s would go: a forged stream. */
    private static final class StandInWriter extends ObjectOutputStream {
        private final Class<?> written;
        private final Class<?> as;

        StandInWriter(ByteArrayOutputStream bytes, Class<?> written, Class<?> as) throws IOException {
            super(bytes);
            this.written = written;
            this.as = as;
        }

        @Override
        protected void writeClassDescriptor(ObjectStreamClass desc) throws IOException {
            super.writeClassDescriptor(desc.forClass() == written ? ObjectStreamClass.lookup(as) : desc);
        }
    }

    /** Written in place of a SyncMap in a forged stream. */
    static final class StandIn implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * Writes what a SyncMap's serialized form would hold for an entry with a null value, which no SyncMap can hold:
     * written under the form's descriptor, its data is a key, a null value and the null key that ends the entries.
     */
    static final class NullValued implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeObject("k");
            out.writeObject(null);
            out.writeObject(null);
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
