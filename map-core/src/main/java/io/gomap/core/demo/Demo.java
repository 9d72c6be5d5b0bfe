package io.gomap.core.demo;

import io.gomap.core.ConcurrentMapAccessException;
import io.gomap.core.DetectorMode;
import io.gomap.core.GoMap;
import io.gomap.core.MapStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A two-minute tour of GoMap: two threads write one map and the detector stops them with Go's message; then a map is
 * filled, 90% deleted, and its stats show that, as in Go, it does not shrink.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws InterruptedException {
        race();
        inspect();
    }

    private static void race() throws InterruptedException {
        System.out.println("== race: two threads write one GoMap (STRICT detector)");
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.STRICT);
        AtomicReference<ConcurrentMapAccessException> caught = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] writers = new Thread[2];
        for (int t = 0; t < writers.length; t++) {
            int base = t * 10_000_000;
            writers[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 10_000_000 && caught.get() == null; i++) {
                        map.put(base + i, i);
                    }
                } catch (ConcurrentMapAccessException e) {
                    caught.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "writer-" + t);
            writers[t].start();
        }
        start.countDown();
        for (Thread w : writers) {
            w.join();
        }
        ConcurrentMapAccessException e = caught.get();
        System.out.println(e == null
                ? "   no overlap happened this time (the writers never ran at once)"
                : "   fatal error: " + e.getMessage() + "   [kind " + e.kind() + "]");
        System.out.println("   the map still works single-threaded: size " + map.size());
        System.out.println();
    }

    private static void inspect() {
        System.out.println("== inspect: fill 1,000,000 entries, delete 90%");
        GoMap<Integer, Integer> map = new GoMap<>(0, DetectorMode.OFF);
        for (int i = 0; i < 1_000_000; i++) {
            map.put(i, i);
        }
        print("after fill", map.stats());
        for (int i = 0; i < 1_000_000; i++) {
            if (i % 10 != 0) {
                map.remove(i);
            }
        }
        print("after delete", map.stats());
        System.out.println("   Go's maps never shrink (golang/go#20135): the buckets stay, the deleted slots remain.");
    }

    private static void print(String when, MapStats s) {
        System.out.printf("   %-13s count=%,d  B=%d  buckets=%,d  overflow=%,d  tombstones=%,d  load=%.2f%n",
                when, s.count(), s.log2Buckets(), s.buckets(), s.overflowBuckets(), s.tombstones(), s.loadFactor());
    }
}
