package io.gomap.core;

import static io.gomap.serialcheck.Streams.copy;
import static io.gomap.serialcheck.Streams.deserialize;
import static io.gomap.serialcheck.Streams.indexOf;
import static io.gomap.serialcheck.Streams.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.serialcheck.Streams.Holder;
import io.gomap.serialcheck.Streams.MutableKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serial;
import java.io.Serializable;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Serialization of {@link GoMap}: what a deserialized map holds and keeps, and the streams it refuses. guava-testlib's
 * conformance suite also runs every test on a reserialized map ({@code GoMapConformanceTest}).
 */
class GoMapSerializationTest {

    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void roundTripKeepsEntriesModeAndPolicy(DetectorMode mode) throws Exception {
        GoMap<Integer, String> m = new GoMap<>(0, mode, ShrinkPolicy.whenSparse(5));
        Map<Integer, String> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            int k = random.nextInt(10_000);
            m.put(k, "v" + i);
            expected.put(k, "v" + i);
        }
        m.put(null, null);
        expected.put(null, null);

        GoMap<Integer, String> c = copy(m);

        assertNotSame(m, c);
        assertEquals(expected, c);
        assertEquals(expected.size(), c.size());
        assertEquals(mode, c.detectorMode());
        assertEquals(ShrinkPolicy.whenSparse(5), c.shrinkPolicy());
        assertEquals(expected, m, "serializing leaves the original as it was");
    }

    @Test
    void copyIsAWorkingMapOfItsOwn() throws Exception {
        GoMap<String, Integer> m = new GoMap<>();
        m.put("a", 1);
        GoMap<String, Integer> c = copy(m);
        for (int i = 0; i < 1_000; i++) {
            c.put("k" + i, i);
        }
        c.remove("a");
        assertEquals(1_000, c.size());
        assertEquals(Integer.valueOf(7), c.get("k7"));
        assertEquals(Map.of("a", 1), m, "the copy shares nothing with the original");
        assertTrue(c.stats().log2Buckets() > 0);
    }

    @Test
    void emptyMapAndNeverPolicyRoundTrip() throws Exception {
        GoMap<String, String> c = copy(new GoMap<String, String>(1_000));
        assertTrue(c.isEmpty());
        assertEquals(ShrinkPolicy.NEVER, c.shrinkPolicy());
        assertEquals(DetectorMode.BEST_EFFORT, c.detectorMode());
        assertEquals(0, c.stats().log2Buckets(), "a copy is sized by its entries, not by the original's hint");
    }

    @Test
    void mapInsideAnObjectGraphKeepsSharedReferences() throws Exception {
        String shared = new String("shared");
        GoMap<String, String> m = new GoMap<>();
        m.put("x", shared);
        m.put("y", shared);
        Object[] graph = copy(new Object[] {m, shared});
        @SuppressWarnings("unchecked")
        GoMap<String, String> c = (GoMap<String, String>) graph[0];
        assertTrue(c.get("x") == graph[1] && c.get("y") == graph[1]);
    }

    @Test
    void negativeEntryCountIsRefused() throws Exception {
        byte[] bytes = serialize(new GoMap<String, String>());
        // The divisor and the count are the two ints after the mode: one block of 8 bytes, then the block's end.
        int at = indexOf(bytes, new byte[] {0x77, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0x78});
        assertTrue(at >= 0, "block found");
        for (int i = 6; i < 10; i++) {
            bytes[at + i] = (byte) 0xFF;
        }
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> deserialize(bytes));
        assertEquals("negative entry count: -1", e.getMessage());
    }

    @Test
    void streamThatRepeatsAKeyIsRefused() throws Exception {
        GoMap<MutableKey, String> m = new GoMap<>();
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
    void mapChangedWhileSerializedFailsTheWrite() {
        GoMap<String, Object> m = new GoMap<>(0, DetectorMode.OFF);
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3);
        m.put("remover", new RemovesOnWrite(m));
        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> serialize(m));
        assertEquals("the map changed while it was being serialized", e.getMessage());
    }

    @Test
    void streamWithoutADetectorModeIsRefused() throws Exception {
        InvalidObjectException e = assertThrows(InvalidObjectException.class,
                () -> deserialize(forged(new StandIn("OFF", 0, 0))));
        assertEquals("not a detector mode: OFF", e.getMessage());
    }

    @Test
    void streamWithAShrinkDivisorUnderTheMinimumIsRefused() throws Exception {
        InvalidObjectException e = assertThrows(InvalidObjectException.class,
                () -> deserialize(forged(new StandIn(DetectorMode.OFF, 3, 0))));
        assertEquals("shrink divisor under 4: 3", e.getMessage());
        GoMap<?, ?> fine = (GoMap<?, ?>) deserialize(forged(new StandIn(DetectorMode.OFF, 4, 0)));
        assertEquals(ShrinkPolicy.whenSparse(4), fine.shrinkPolicy(), "the forging itself is sound");
    }

    /** A map that holds itself as a value reads back holding itself, as a HashMap does. */
    @Test
    void mapHoldingItselfAsAValueReadsBackHoldingItself() throws Exception {
        HashMap<String, Object> h = new HashMap<>();
        h.put("self", h);
        HashMap<String, Object> hc = copy(h);
        assertSame(hc, hc.get("self"), "HashMap keeps the self-reference");

        GoMap<String, Object> m = new GoMap<>();
        m.put("self", m);
        m.put("x", 1);
        GoMap<String, Object> c = copy(m);
        assertSame(c, c.get("self"));
        assertEquals(1, c.get("x"));
    }

    /** A value whose own field refers back to the map reads back referring to the copy, as with a HashMap. */
    @Test
    void valueReferringBackToTheMapReadsBackReferringToTheCopy() throws Exception {
        GoMap<String, Holder> m = new GoMap<>();
        m.put("a", new Holder(m));
        GoMap<String, Holder> c = copy(m);
        assertSame(c, c.get("a").map);

        Holder outside = new Holder(m);
        Holder outsideCopy = copy(outside);
        assertSame(outsideCopy.map, outsideCopy.map.get("a").map, "reached from outside, the graph stays one");
    }

    /** A stream whose GoMap data is {@link StandIn}'s: written under GoMap's class descriptor. */
    private static byte[] forged(StandIn standIn) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            @Override
            protected void writeClassDescriptor(ObjectStreamClass desc) throws IOException {
                super.writeClassDescriptor(
                        desc.forClass() == StandIn.class ? ObjectStreamClass.lookup(GoMap.class) : desc);
            }
        }) {
            out.writeObject(standIn);
        }
        return bytes.toByteArray();
    }


    /** A value whose serialization removes the map's other entries. */
    static final class RemovesOnWrite implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient GoMap<String, Object> map;

        RemovesOnWrite(GoMap<String, Object> map) {
            this.map = map;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            map.keySet().removeIf(k -> !k.equals("remover"));
        }
    }

    /** Written in place of a GoMap in a forged stream: GoMap's data, with whatever mode and divisor it is given. */
    static final class StandIn implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient Object mode;
        private final transient int divisor;
        private final transient int count;

        StandIn(Object mode, int divisor, int count) {
            this.mode = mode;
            this.divisor = divisor;
            this.count = count;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeObject(mode);
            out.writeInt(divisor);
            out.writeInt(count);
        }
    }
}
