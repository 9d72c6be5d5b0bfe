package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SWAR helpers of {@link Buckets}, checked byte by byte against their one-byte definitions. */
class BucketsTest {

    /** Every byte value in every slot, with random neighbours, so carries and borrows between bytes would show. */
    @Test
    void swarHelpersAgreeWithTheirDefinitionsForEveryByte() {
        SplittableRandom random = new SplittableRandom(20_135);
        for (int slot = 0; slot < Buckets.BUCKET_SIZE; slot++) {
            for (int value = 0; value < 256; value++) {
                for (int round = 0; round < 64; round++) {
                    long word = (random.nextLong() & ~(0xFFL << (slot << 3))) | ((long) value << (slot << 3));
                    assertEquals(expected(word, b -> b >= Buckets.MIN_TOPHASH), Buckets.filled(word),
                            () -> "filled(" + Long.toHexString(word) + ")");
                    assertEquals(expected(word, b -> b <= Buckets.EMPTY_ONE), Buckets.empties(word),
                            () -> "empties(" + Long.toHexString(word) + ")");
                    assertEquals(expected(word, b -> b >= Buckets.MIN_TOPHASH || b == Buckets.EVACUATED_X
                            || b == Buckets.EVACUATED_Y), Buckets.keyed(word),
                            () -> "keyed(" + Long.toHexString(word) + ")");
                    int top = 5 + random.nextInt(251);
                    assertEquals(expected(word, b -> b == top), Buckets.matches(word, Buckets.broadcast(top)),
                            () -> "matches(" + Long.toHexString(word) + ", " + top + ")");
                }
            }
        }
    }

    private interface BytePredicate {
        boolean test(int b);
    }

    private static long expected(long word, BytePredicate p) {
        long flags = 0;
        for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
            if (p.test(Buckets.top(word, s))) {
                flags |= 0x80L << (s << 3);
            }
        }
        return flags;
    }
}
