package io.gomap.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.vm.VM;

/** Smoke test: the footprint measurement runs and yields plausible, positive numbers. */
class MemoryFootprintTest {

    private static final int ENTRIES = 1_000;   // small enough to measure in milliseconds

    @Test
    void everyMapUsesPositiveBytesPerEntry() {
        for (MemoryFootprint.Impl impl : MemoryFootprint.Impl.values()) {
            MemoryFootprint.Footprint footprint = MemoryFootprint.measure(impl, ENTRIES);
            assertEquals(ENTRIES, footprint.entries(), impl.label());
            assertTrue(footprint.payloadBytes() > 0, impl.label() + " payload " + footprint.payloadBytes());
            assertTrue(footprint.overheadBytes() > 0, impl.label() + " overhead " + footprint.overheadBytes());
            assertTrue(footprint.bytesPerEntry() > 0, impl.label() + " bytes/entry " + footprint.bytesPerEntry());
        }
    }

    @Test
    void payloadIsExactlyTheIntegerObjects() {
        long integerSize = VM.current().sizeOf(Integer.valueOf(1 << 20));
        MemoryFootprint.Footprint footprint = MemoryFootprint.measure(MemoryFootprint.Impl.HASHMAP, ENTRIES);
        assertEquals(ENTRIES * integerSize, footprint.payloadBytes());
    }
}
