package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gomap.testing.VirtualThreads;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Ten thousand virtual threads on one SyncMap: correctness with far more threads than carriers (2 here), every thread
 * parked on one latch first so that they all run at once ({@link VirtualThreads}). On JDK 17 JUnit reports the test
 * skipped with the reason.
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need JDK 21 or later")
class VirtualThreadsTest {

    private static final int THREADS = 10_000;
    private static final int SHARED = 10;        // keys every thread increments with compute
    private static final int DELETE_EVERY = 10;   // threads i % DELETE_EVERY == 0 delete their own key again

    @Test
    void syncMapKeepsEveryWriteOfTenThousandVirtualThreads() throws Throwable {
        SyncMap<Object, Integer> map = new SyncMap<>();
        Set<Integer> onceSeen = ConcurrentHashMap.newKeySet();
        int virtual = VirtualThreads.run(THREADS, i -> {
            map.store(i, i);
            assertEquals(i, map.load(i));
            assertEquals(i + 1, map.compute(i, (k, v) -> v + 1));
            map.compute("shared-" + i % SHARED, (k, v) -> v == null ? 1 : v + 1);
            onceSeen.add(map.loadOrStore("once", i).value());
            Thread.yield();
            if (i % DELETE_EVERY == 0) {
                assertEquals(i + 1, map.loadAndDelete(i));
            }
        });
        assertEquals(THREADS, virtual, "tasks that ran on a virtual thread");

        assertEquals(1, onceSeen.size(), "loadOrStore winners");
        assertEquals(onceSeen.iterator().next(), map.load("once"));
        for (int s = 0; s < SHARED; s++) {
            assertEquals(THREADS / SHARED, map.load("shared-" + s), "compute increments of shared-" + s);
        }
        for (int i = 0; i < THREADS; i++) {
            assertEquals(i % DELETE_EVERY == 0 ? null : i + 1, map.load(i), "key " + i);
        }
        int own = THREADS - THREADS / DELETE_EVERY;
        assertEquals(own + SHARED + 1, map.size());
        assertEquals(own + SHARED + 1, Map.copyOf(map).size());
    }
}
