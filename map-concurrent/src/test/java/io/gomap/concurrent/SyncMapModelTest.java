package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gomap.modelcheck.ModelCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random operation sequences applied to a SyncMap and a ConcurrentHashMap, compared after every step (result, size,
 * isEmpty) and, at RANGE steps and at the end, by contents. Keys come mostly from a small range so that operations
 * collide and entries are deleted and revived in both levels; the others fill recent levels, which new keys, RANGE
 * steps and sampled misses promote. Each seed draws {@value #TRIES} sequences of up to {@value #MAX_OPS}
 * operations; a failure is shrunk and reported with its seed (see {@link ModelCheck}).
 */
class SyncMapModelTest {

    private static final int TRIES = 40;
    private static final int MAX_OPS = 200;

    /** The operations: ConcurrentMap methods, then Go's verbs (applied to the reference as their equivalents). */
    enum Kind {
        GET, PUT, PUT_IF_ABSENT, REMOVE, REMOVE_IF_VALUE, REPLACE, REPLACE_IF_VALUE, COMPUTE, COMPUTE_IF_ABSENT,
        COMPUTE_IF_PRESENT, MERGE, CONTAINS_KEY, CONTAINS_VALUE, CLEAR, RANGE,
        LOAD, STORE, LOAD_OR_STORE, SWAP, COMPARE_AND_SWAP, COMPARE_AND_DELETE
    }

    /**
     * One operation and its arguments: key from 0 to 7 three times in four (so operations collide), else from 0 to 39
     * (so a recent level fills and the next new key promotes it); value and other from 0 to 3.
     */
    record Op(Kind kind, int key, int value, int other) {
        static Op draw(Random r) {
            Kind[] kinds = Kind.values();
            int key = r.nextInt(4) == 0 ? r.nextInt(40) : r.nextInt(8);
            return new Op(kinds[r.nextInt(kinds.length)], key, r.nextInt(4), r.nextInt(4));
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + value + " " + other;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void behavesLikeConcurrentHashMap(long seed) {
        ModelCheck.check(seed, TRIES, r -> ModelCheck.sequence(r, 0, MAX_OPS, Op::draw), SyncMapModelTest::compare);
    }

    static void compare(List<Op> ops) {
        SyncMap<Integer, Integer> sut = new SyncMap<>();
        ConcurrentHashMap<Integer, Integer> ref = new ConcurrentHashMap<>();
        int step = 0;
        for (Op op : ops) {
            String where = "step " + step++ + ": " + op;
            assertEquals(applyMap(ref, op), apply(sut, op), () -> "result of " + where);
            assertEquals(ref.size(), sut.size(), () -> "size after " + where);
            assertEquals(ref.isEmpty(), sut.isEmpty(), () -> "isEmpty after " + where);
        }
        assertEquals(ref, new HashMap<>(sut), "contents at the end");
        Map<Integer, Integer> ranged = new HashMap<>();
        sut.range((k, v) -> {
            ranged.put(k, v);
            return true;
        });
        assertEquals(ref, ranged, "contents seen by range at the end");
        Map<Integer, Integer> visited = new HashMap<>();
        sut.forEach(visited::put);
        assertEquals(ref, visited, "contents seen by forEach at the end");
    }

    /** Applies {@code op} to the SyncMap: Go's verbs directly, the rest through {@link ConcurrentMap}. */
    private static Object apply(SyncMap<Integer, Integer> m, Op op) {
        int k = op.key();
        int v = op.value();
        return switch (op.kind()) {
            case LOAD -> m.load(k);
            case STORE -> {
                m.store(k, v);
                yield null;
            }
            case LOAD_OR_STORE -> {
                LoadResult<Integer> r = m.loadOrStore(k, v);
                yield r.loaded() ? r.value() : null;
            }
            case SWAP -> m.swap(k, v);
            case COMPARE_AND_SWAP -> m.compareAndSwap(k, v, op.other());
            case COMPARE_AND_DELETE -> m.compareAndDelete(k, v);
            default -> applyMap(m, op);
        };
    }

    /** Applies {@code op} through {@link ConcurrentMap}; Go's verbs become their ConcurrentMap equivalents. */
    private static Object applyMap(ConcurrentMap<Integer, Integer> m, Op op) {
        int k = op.key();
        int v = op.value();
        int o = op.other();
        return switch (op.kind()) {
            case GET, LOAD -> m.get(k);
            case PUT, SWAP -> m.put(k, v);
            case PUT_IF_ABSENT, LOAD_OR_STORE -> m.putIfAbsent(k, v);
            case REMOVE -> m.remove(k);
            case REMOVE_IF_VALUE, COMPARE_AND_DELETE -> m.remove(k, v);
            case REPLACE -> m.replace(k, v);
            case REPLACE_IF_VALUE, COMPARE_AND_SWAP -> m.replace(k, v, o);
            case COMPUTE -> m.compute(k, (kk, old) -> old == null ? (v == 0 ? null : v) : (old + v) % 4 == 0 ? null : old + v);
            case COMPUTE_IF_ABSENT -> m.computeIfAbsent(k, kk -> v == 0 ? null : v);
            case COMPUTE_IF_PRESENT -> m.computeIfPresent(k, (kk, old) -> old == v ? null : old + 1);
            case MERGE -> m.merge(k, v, (a, b) -> a.equals(b) ? null : a + b);
            case CONTAINS_KEY -> m.containsKey(k);
            case CONTAINS_VALUE -> m.containsValue(v);
            case CLEAR -> {
                if (o == 0) {
                    m.clear();
                }
                yield null;
            }
            case RANGE -> new TreeMap<>(m);
            case STORE -> {
                m.put(k, v);
                yield null;
            }
        };
    }
}
