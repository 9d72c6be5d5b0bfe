package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pins the promotion triggers that the JCStress suites ({@code io.gomap.stress.syncmap.Shapes}) and the fixed
 * scenarios of {@link SyncMapLincheckTest} rely on through the public API: a recent level created after a promotion
 * of up to 17 keys (or in a fresh map) takes exactly 12 keys and the 13th new key promotes it, and a walk started
 * while there is a recent level promotes it. When SyncMap's sizing changes, this test fails, and those set-ups must
 * change with it (else they still pass but no longer promote where they say).
 */
class SyncMapTriggerTest {

    /** Keys a fresh map's recent level takes, as Shapes.recentLevelKeys(0) and the Lincheck FULL scenario assume. */
    private static final int FIRST_LEVEL = 12;

    @Test
    void theThirteenthNewKeyPromotesAfterUpToSeventeenPromotedKeys() {
        for (int promoted : new int[] {0, 1, 2, 17}) {
            SyncMap<Integer, Integer> m = new SyncMap<>();
            for (int k = 0; k < promoted; k++) {
                m.store(k, k);
            }
            m.range((k, v) -> true);
            assertEquals(promoted, m.snapshotKeys());
            for (int k = promoted; k < promoted + FIRST_LEVEL; k++) {
                m.store(k, k);
            }
            assertEquals(FIRST_LEVEL, m.recentKeys(), "after " + promoted + " promoted keys");
            assertEquals(promoted, m.snapshotKeys());
            m.store(-1, -1);
            assertEquals(promoted + FIRST_LEVEL, m.snapshotKeys(), "the full recent level was promoted");
            assertEquals(1, m.recentKeys(), "the new key starts the next recent level");
        }
    }

    @Test
    void aWalkStartedWithARecentLevelPromotesIt() {
        for (Consumer<SyncMap<Integer, Integer>> walk : List.<Consumer<SyncMap<Integer, Integer>>>of(
                m -> m.range((k, v) -> true),
                m -> m.forEach((k, v) -> { }),
                m -> m.entrySet().iterator(),
                m -> m.containsValue(99))) {
            SyncMap<Integer, Integer> m = new SyncMap<>();
            m.store(1, 1);
            m.store(2, 2);
            assertTrue(m.amended());
            walk.accept(m);
            assertFalse(m.amended());
            assertEquals(-1, m.recentKeys());
            assertEquals(2, m.snapshotKeys());
        }
    }
}
