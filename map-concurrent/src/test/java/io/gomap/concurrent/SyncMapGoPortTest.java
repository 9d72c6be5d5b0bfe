package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.testing.Threads;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Ports of Go's sync/map_test.go (Go 1.19, plus the Go 1.20 and 1.23 cases). */
class SyncMapGoPortTest {

    /** TestMapMatchesRWMutex: random operations against a locked HashMap reference give the same results. */
    @Test
    void mapMatchesRWMutex() {
        Random rnd = new Random(40999);
        for (int run = 0; run < 200; run++) {
            SyncMap<Integer, Integer> m = new SyncMap<>();
            LockedMap ref = new LockedMap();
            for (int i = 0; i < 100; i++) {
                int k = rnd.nextInt(10);
                int v = rnd.nextInt(5);
                switch (rnd.nextInt(6)) {
                    case 0 -> assertEquals(ref.load(k), m.load(k));
                    case 1 -> { m.store(k, v); ref.store(k, v); }
                    case 2 -> assertEquals(ref.loadOrStore(k, v), m.loadOrStore(k, v));
                    case 3 -> assertEquals(ref.loadAndDelete(k), m.loadAndDelete(k));
                    case 4 -> { m.delete(k); ref.loadAndDelete(k); }
                    default -> {
                        Map<Integer, Integer> seen = new HashMap<>();
                        m.range((kk, vv) -> seen.put(kk, vv) == null);
                        assertEquals(ref.copy(), seen);
                    }
                }
                assertEquals(ref.copy().size(), m.size());
            }
        }
    }

    /** The RWMutexMap reference of Go's map_reference_test.go. */
    private static final class LockedMap {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<Integer, Integer> m = new HashMap<>();

        Integer load(int k) {
            lock.lock();
            try {
                return m.get(k);
            } finally {
                lock.unlock();
            }
        }

        void store(int k, int v) {
            lock.lock();
            try {
                m.put(k, v);
            } finally {
                lock.unlock();
            }
        }

        LoadResult<Integer> loadOrStore(int k, int v) {
            lock.lock();
            try {
                Integer old = m.putIfAbsent(k, v);
                return old == null ? new LoadResult<>(v, false) : new LoadResult<>(old, true);
            } finally {
                lock.unlock();
            }
        }

        Integer loadAndDelete(int k) {
            lock.lock();
            try {
                return m.remove(k);
            } finally {
                lock.unlock();
            }
        }

        Map<Integer, Integer> copy() {
            lock.lock();
            try {
                return new HashMap<>(m);
            } finally {
                lock.unlock();
            }
        }
    }

    /** TestConcurrentRange: ranges see every key once, each with a value multiple of its key, while others store. */
    @Test
    void concurrentRange() throws Exception {
        final long mapSize = 1 << 10;
        SyncMap<Long, Long> m = new SyncMap<>();
        for (long n = 1; n <= mapSize; n++) {
            m.store(n, n);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (long g = 1; g <= 2; g++) {
            final long gg = g;
            Thread t = new Thread(() -> {
                Random r = new Random(gg);
                try {
                    for (long i = 0; i < 10_000 && !done.get(); i++) {
                        for (long n = 1; n < mapSize; n++) {
                            if (r.nextInt((int) mapSize) == 0) {
                                m.store(n, n * i * gg);
                            } else {
                                m.load(n);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writers.add(t);
            t.start();
        }
        try {
            for (int it = 0; it < 64; it++) {
                Set<Long> seen = new HashSet<>();
                m.range((k, v) -> {
                    assertEquals(0, v % k, "value not a multiple of its key");
                    assertTrue(seen.add(k), "key visited twice");
                    return true;
                });
                assertEquals(mapSize, seen.size());
            }
        } finally {
            done.set(true);
            Threads.joinAll(writers);
        }
        assertNull(failure.get());
    }

    /** TestIssue40999: keys stored then deleted must not be kept reachable forever. */
    @Test
    void issue40999DeletedKeysAreNotLeaked() {
        SyncMap<Object, Object> m = new SyncMap<>();
        // As in Go: an initial entry, so that the map is never empty.
        m.store("bias", Boolean.TRUE);
        List<WeakReference<Object>> refs = new ArrayList<>();
        boolean collected = false;
        for (int i = 0; i < 200 && !collected; i++) {
            Object key = new Object();
            refs.add(new WeakReference<>(key));
            m.store(key, Boolean.TRUE);
            m.delete(key);
            key = null;
            System.gc();
            collected = refs.stream().anyMatch(r -> r.get() == null);
        }
        assertTrue(collected, "no deleted key was ever collected");
    }

    /** Values of deleted keys become unreachable at once, and keys in the snapshot after the next promotion. */
    @Test
    void deletedSnapshotKeysLeaveAtThePromotion() {
        SyncMap<Object, Object> m = new SyncMap<>();
        Object key = new Object();
        Object value = new Object();
        WeakReference<Object> keyRef = new WeakReference<>(key);
        WeakReference<Object> valueRef = new WeakReference<>(value);
        m.store(key, value);
        m.range((k, v) -> true); // a walk promotes first, as Go's Range: the key is now in the snapshot
        assertFalse(m.amended());
        m.delete(key);
        key = null;
        value = null;
        m.store("other", "x");   // a new key: the recent level holds it alone
        m.range((k, v) -> true); // promotes again; the promotion drops the deleted key
        boolean gone = false;
        for (int i = 0; i < 50 && !gone; i++) {
            System.gc();
            gone = keyRef.get() == null && valueRef.get() == null;
        }
        assertTrue(gone, "deleted key or value still reachable");
        assertEquals(1, m.size());
    }

    /** TestMapRangeNestedCall (Go issue 46399). */
    @Test
    void mapRangeNestedCall() {
        SyncMap<Integer, String> m = new SyncMap<>();
        String[] vals = {"hello", "world", "Go"};
        for (int i = 0; i < vals.length; i++) {
            m.store(i, vals[i]);
        }
        m.range((key, value) -> {
            m.range((k, v) -> {
                assertEquals(v, m.load(k));
                assertFalse(m.loadOrStore(42, "dummy").loaded());
                String val = "sync.Map";
                m.store(42, val);
                assertEquals(val, m.loadAndDelete(42));
                return true;
            });
            m.delete(key);
            return true;
        });
        int[] length = {0};
        m.range((k, v) -> ++length[0] > 0);
        assertEquals(0, length[0]);
        assertEquals(0, m.size());
    }

    /** TestCompareAndSwap_NonExistingKey (Go 1.20). */
    @Test
    void compareAndSwapNonExistingKey() {
        SyncMap<Object, Object> m = new SyncMap<>();
        assertFalse(m.compareAndSwap(m, "x", 42));
        assertNull(m.load(m));
        assertEquals(0, m.size());
    }

    /** TestConcurrentClear (Go 1.23): concurrent clears and stores leave the map consistent. */
    @Test
    void concurrentClear() throws Exception {
        SyncMap<Integer, Integer> m = new SyncMap<>();
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2000; i++) {
                        int k = (i * 7 + id) % 64;
                        switch (i % 5) {
                            case 0 -> m.clear();
                            case 1 -> m.store(k, i);
                            case 2 -> m.loadOrStore(k, i);
                            case 3 -> m.delete(k);
                            default -> m.load(k);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            ts.add(th);
            th.start();
        }
        Threads.joinAll(ts);
        assertNull(failure.get());
        int[] n = {0};
        m.range((k, v) -> ++n[0] > 0);
        assertEquals(n[0], m.size(), "size agrees with the keys once writers stopped");
        m.clear();
        assertEquals(0, m.size());
        m.range((k, v) -> {
            throw new AssertionError("range after clear saw " + k);
        });
    }
}
