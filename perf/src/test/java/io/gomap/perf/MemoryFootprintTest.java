package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.vm.VM;

/** Smoke test: the footprint measurement runs and yields plausible numbers. */
class MemoryFootprintTest {

    private static final int ENTRIES = 1_000;   // small enough to measure in milliseconds

    @Test
    void everyMapHoldsAtLeastTwoReferencesPerEntry() {
        for (MemoryFootprint.Impl impl : MemoryFootprint.Impl.values()) {
            MemoryFootprint.Footprint footprint = MemoryFootprint.measure(impl, ENTRIES);
            // Each map holds a reference to every key and to every value: 8 bytes or more per entry, outside them.
            assertTrue(footprint.overheadBytes() >= 8L * ENTRIES,
                    impl.label() + " overhead " + footprint.overheadBytes());
        }
    }

    @Test
    void payloadIsExactlyTheIntegerObjects() {
        long integerSize = VM.current().sizeOf(Integer.valueOf(1 << 20));
        MemoryFootprint.Footprint footprint = MemoryFootprint.measure(MemoryFootprint.Impl.HASHMAP, ENTRIES);
        assertEquals(ENTRIES * integerSize, footprint.payloadBytes());
    }
}
