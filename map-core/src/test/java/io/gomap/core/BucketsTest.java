package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The SWAR helpers of {@link Buckets}, checked byte by byte against their one-byte definitions, and its chain marks. */
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

    /**
     * Go's tooManyOverflowBuckets, asked with an array's overflowCount(), holds once that array has linked as many
     * overflow buckets as it has main buckets, and not before.
     */
    @Test
    void tooManyOverflowBucketsOnceAsManyAreLinkedAsMainBuckets() {
        for (int b = 0; b <= 12; b++) {
            Buckets t = new Buckets(b);
            for (int last = 0; t.overflowCount() < 1 << b; last = t.newOverflow(last)) {
                assertFalse(GoMap.tooManyOverflowBuckets(t.overflowCount(), b),
                        "B=" + b + ", " + t.overflowCount() + " overflow buckets");
            }
            assertTrue(GoMap.tooManyOverflowBuckets(t.overflowCount(), b),
                    "B=" + b + ", " + t.overflowCount() + " overflow buckets");
        }
    }

    /**
     * The overflow region doubles (by at least 4 buckets) until the buckets asked for fit, and stops at the largest
     * array the slot references fit in: at the largest B the next doubling would take 16 * 2^27 references, past
     * Integer.MAX_VALUE, so it stops at MAX_BUCKETS, and past that a write gets OutOfMemoryError, not a negative size.
     */
    @Test
    void overflowRegionDoublesUpToTheLargestArray() {
        assertEquals(21, Buckets.overflowCapacity(17, 16, 17, 1));
        assertEquals(26, Buckets.overflowCapacity(21, 16, 21, 1));
        assertEquals(26, Buckets.overflowCapacity(26, 16, 24, 2));
        assertEquals(36, Buckets.overflowCapacity(21, 16, 21, 12));

        int main = 1 << GoMap.MAX_LOG2;
        assertTrue((long) Buckets.MAX_BUCKETS * 2 * Buckets.BUCKET_SIZE <= Integer.MAX_VALUE - 8);
        assertTrue(main + (main >> 4) <= Buckets.MAX_BUCKETS, "a new array of the largest B fits");
        int full = main + (main >> 1);
        assertEquals(Buckets.MAX_BUCKETS, Buckets.overflowCapacity(full, main, full, 1));
        assertEquals(Buckets.MAX_BUCKETS,
                Buckets.overflowCapacity(Buckets.MAX_BUCKETS, main, Buckets.MAX_BUCKETS - 1, 1));
        assertThrows(OutOfMemoryError.class,
                () -> Buckets.overflowCapacity(Buckets.MAX_BUCKETS, main, Buckets.MAX_BUCKETS, 1));
    }

    /** Each slot's mark after evacuation follows from whether it was filled and which half its entry went to. */
    @Test
    void evacuationMarksFollowFilledAndHalf() {
        SplittableRandom random = new SplittableRandom(1_9);
        for (int round = 0; round < 10_000; round++) {
            long word = random.nextLong();
            long live = Buckets.filled(word);
            long toY = live & random.nextLong();
            long marks = Buckets.evacuationMarks(live, toY);
            for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
                long flag = 0x80L << (s << 3);
                int want = (live & flag) == 0 ? Buckets.EVACUATED_EMPTY
                        : (toY & flag) == 0 ? Buckets.EVACUATED_X : Buckets.EVACUATED_Y;
                assertEquals(want, Buckets.top(marks, s), "slot " + s + " of " + Long.toHexString(word));
            }
        }
    }

    /**
     * {@link Buckets#hasEmptyRest} reads only the last slot, which is right only while the EMPTY_REST slots of every
     * chain form a suffix of it. Seeded runs of inserts and deletes on a small array, with chains long enough to
     * overflow, check that suffix after every step, and that the one-byte test agrees with a test of all eight.
     */
    @Test
    void emptyRestSlotsStayASuffixOfEveryChain() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Buckets t = new Buckets(2);
            int next = 0;
            for (int step = 0; step < 2_000; step++) {
                int main = random.nextInt(t.mask + 1);
                if (random.nextInt(3) != 0) {
                    t.insert(main, Buckets.MIN_TOPHASH + random.nextInt(250), "k" + next++, "v");
                } else {
                    deleteOne(t, main, random);
                }
                for (int b = 0; b <= t.mask; b++) {
                    assertSuffix(t, b, "seed " + seed + ", step " + step);
                }
            }
        }
    }

    /** Deletes a random filled slot of the chain of {@code main}, if it has one. */
    private static void deleteOne(Buckets t, int main, SplittableRandom random) {
        int filled = 0;
        int b = main;
        do { // bucket 0 is never an overflow bucket, so a link of 0 ends the chain
            filled += Long.bitCount(Buckets.filled(t.word(b)));
            b = t.nextOf(b);
        } while (b != 0);
        if (filled == 0) {
            return;
        }
        int victim = random.nextInt(filled);
        for (b = main; ; b = t.nextOf(b)) {
            for (long f = Buckets.filled(t.word(b)); f != 0; f &= f - 1) {
                if (victim-- == 0) {
                    t.delete(main, b, Buckets.firstSlot(f));
                    return;
                }
            }
        }
    }

    private static void assertSuffix(Buckets t, int main, String where) {
        boolean inSuffix = false;
        int b = main;
        do {
            long word = t.word(b);
            boolean anyRest = false;
            for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
                boolean rest = Buckets.top(word, s) == Buckets.EMPTY_REST;
                assertTrue(rest || !inSuffix, where + ": bucket " + b + " slot " + s + " follows an EMPTY_REST slot");
                inSuffix |= rest;
                anyRest |= rest;
            }
            assertEquals(anyRest, Buckets.hasEmptyRest(word), where + ": bucket " + b);
            b = t.nextOf(b);
        } while (b != 0);
    }

    /**
     * moveDense appends the flagged slots in slot order behind a partly filled chain, links an overflow bucket when
     * the last one fills, and leaves only the keys behind.
     */
    @Test
    void moveDenseAppendsInSlotOrderAndOverflows() {
        Buckets from = new Buckets(1);
        Buckets to = new Buckets(1);
        for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
            from.place(0, s, Buckets.MIN_TOPHASH + s, "k" + s, "v" + s);
        }
        for (int s = 0; s < 3; s++) {
            to.place(1, s, 200, "old" + s, "w" + s);
        }
        long odd = Buckets.filled(from.word(0)) & 0x8000_8000_8000_8000L; // slots 1, 3, 5, 7
        int last = to.moveDense(from, 0, odd, 1);
        assertEquals(1, last);
        assertEquals(Buckets.MIN_TOPHASH + 7, Buckets.top(to.word(1), 6));
        assertEquals("k3", to.key(Buckets.keyIndex(1, 4)));
        last = to.moveDense(from, 0, Buckets.filled(from.word(0)) & ~odd, last); // slots 0, 2, 4, 6
        assertEquals(to.nextOf(1), last, "the ninth entry opens an overflow bucket");
        assertEquals("k0", to.key(Buckets.keyIndex(1, 7)));
        assertEquals("v6", to.value(Buckets.keyIndex(last, 2)));
        assertEquals(Buckets.MIN_TOPHASH + 6, Buckets.top(to.word(last), 2));
        assertEquals(0, Buckets.top(to.word(last), 3), "slots behind the last entry stay EMPTY_REST");
        for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
            assertEquals("k" + s, from.key(Buckets.keyIndex(0, s)));
            assertEquals(null, from.value(Buckets.keyIndex(0, s)), "moved value cleared in slot " + s);
        }
    }

    /**
     * overflowNeeded is what evacuation reserves before it moves a chain, so that no allocation can fail halfway
     * through the move: it must be exactly the overflow buckets moveDense then links, for every fill of the chain's
     * last bucket and every number of entries moved behind it (moved from one old bucket at a time, as evacuate does).
     */
    @Test
    void overflowNeededIsWhatMoveDenseLinks() {
        for (int filled = 0; filled <= Buckets.BUCKET_SIZE; filled++) {
            for (int n = 0; n <= 3 * Buckets.BUCKET_SIZE; n++) {
                Buckets from = new Buckets(2);
                for (int b = 0; b <= from.mask; b++) {
                    for (int s = 0; s < Buckets.BUCKET_SIZE; s++) {
                        from.place(b, s, Buckets.MIN_TOPHASH + s, "k" + b + "." + s, "v");
                    }
                }
                Buckets to = new Buckets(1);
                for (int s = 0; s < filled; s++) {
                    to.place(1, s, 200, "old" + s, "w");
                }
                int needed = to.overflowNeeded(1, n);
                int before = to.overflowCount();
                int last = 1;
                for (int b = 0, left = n; left > 0; b++) {
                    int take = Math.min(left, Buckets.BUCKET_SIZE);
                    long slots = take == Buckets.BUCKET_SIZE ? Buckets.filled(from.word(b))
                            : Buckets.filled(from.word(b)) & ((1L << (take << 3)) - 1);
                    last = to.moveDense(from, b, slots, last);
                    left -= take;
                }
                assertEquals(to.overflowCount() - before, needed, filled + " filled, " + n + " moved");
            }
        }
    }

    /**
     * The key index of every slot, in every chain of {@code t}, that {@code slots} flags in its bucket's tophash word
     * ({@link Buckets#filled} or {@link Buckets#keyed}).
     */
    static List<Integer> keyIndices(Buckets t, LongUnaryOperator slots) {
        List<Integer> keyIndices = new ArrayList<>();
        for (int main = 0; main <= t.mask; main++) {
            int b = main;
            do { // bucket 0 is never an overflow bucket, so a link of 0 ends the chain
                for (long f = slots.applyAsLong(t.word(b)); f != 0; f &= f - 1) {
                    keyIndices.add(Buckets.keyIndex(b, Buckets.firstSlot(f)));
                }
                b = t.nextOf(b);
            } while (b != 0);
        }
        return keyIndices;
    }

    /**
     * clear() empties every slot of every bucket, overflow buckets included, and drops every key and value reference,
     * as Go's mapclear does, so that the garbage collector may take them; the arrays stay.
     */
    @Test
    void clearDropsEveryReference() {
        Buckets t = new Buckets(1);
        for (int i = 0; i < 40; i++) {
            t.insert(i & t.mask, Buckets.MIN_TOPHASH + i, "k" + i, "v" + i);
        }
        List<Integer> keyIndices = keyIndices(t, Buckets::filled);
        assertEquals(40, keyIndices.size());
        assertTrue(t.overflowCount() > 0, "the chains overflow");
        t.clear();
        assertEquals(0, t.overflowCount());
        for (int i : keyIndices) {
            assertNull(t.key(i), "key at " + i);
            assertNull(t.value(i), "value at " + i);
        }
        for (int b = 0; b <= t.mask; b++) {
            assertEquals(0L, t.word(b), "bucket " + b);
            assertEquals(0, t.nextOf(b), "link of bucket " + b);
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
