package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random operation sequences applied to a SyncMap and a ConcurrentHashMap, compared after every step. */
class SyncMapModelTest {

    /** One operation: a kind and its arguments (keys from a small range so that operations collide). */
    record Op(int kind, int key, int value, int other) {}

    private static final int KINDS = 20; // number of distinct operations in apply()

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, KINDS - 1),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3))
                .as(Op::new);
        return op.list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesLikeConcurrentHashMap(@ForAll("ops") List<Op> ops) {
        SyncMap<Integer, Integer> sut = new SyncMap<>();
        ConcurrentHashMap<Integer, Integer> ref = new ConcurrentHashMap<>();
        int step = 0;
        for (Op op : ops) {
            Object expected = apply(ref, op);
            Object actual = apply(sut, op);
            String where = "step " + step++ + " " + op;
            assertEquals(expected, actual, where);
            assertEquals(ref.size(), sut.size(), where);
            assertEquals(ref.isEmpty(), sut.isEmpty(), where);
        }
        assertEquals(ref, new HashMap<>(sut));
        Map<Integer, Integer> ranged = new HashMap<>();
        sut.forEach(ranged::put);
        assertEquals(ref, ranged);
    }

    /** Applies {@code op}; Go verbs are expressed on the reference through their ConcurrentMap equivalents. */
    private static Object apply(ConcurrentHashMap<Integer, Integer> m, Op op) {
        return applyMap(m, op);
    }

    private static Object apply(SyncMap<Integer, Integer> m, Op op) {
        Object go = goVerb(m, op);
        return go != NOT_GO ? go : applyMap(m, op);
    }

    private static final Object NOT_GO = new Object(); // op kind is a ConcurrentMap method

    private static Object goVerb(SyncMap<Integer, Integer> m, Op op) {
        int k = op.key();
        int v = op.value();
        return switch (op.kind()) {
            case 14 -> m.load(k);
            case 15 -> { m.store(k, v); yield null; }
            case 16 -> { LoadResult<Integer> r = m.loadOrStore(k, v); yield r.loaded() ? r.value() : null; }
            case 17 -> m.swap(k, v);
            case 18 -> m.compareAndSwap(k, v, op.other());
            case 19 -> m.compareAndDelete(k, v);
            default -> NOT_GO;
        };
    }

    private static Object applyMap(ConcurrentMap<Integer, Integer> m, Op op) {
        int k = op.key();
        int v = op.value();
        int o = op.other();
        return switch (op.kind()) {
            case 0, 14 -> m.get(k);
            case 1 -> m.put(k, v);
            case 2 -> m.putIfAbsent(k, v);
            case 3 -> m.remove(k);
            case 4 -> m.remove(k, v);
            case 5 -> m.replace(k, v);
            case 6 -> m.replace(k, v, o);
            case 7 -> m.compute(k, (kk, old) -> old == null ? (v == 0 ? null : v) : (old + v) % 4 == 0 ? null : old + v);
            case 8 -> m.computeIfAbsent(k, kk -> v == 0 ? null : v);
            case 9 -> m.computeIfPresent(k, (kk, old) -> old == v ? null : old + 1);
            case 10 -> m.merge(k, v, (a, b) -> a.equals(b) ? null : a + b);
            case 11 -> m.containsKey(k);
            case 12 -> m.containsValue(v);
            case 13 -> { if (o == 0) { m.clear(); } yield null; }
            case 15 -> { m.put(k, v); yield null; }
            case 16 -> m.putIfAbsent(k, v);
            case 17 -> m.put(k, v);
            case 18 -> m.replace(k, v, o);
            case 19 -> m.remove(k, v);
            default -> throw new AssertionError(op);
        };
    }
}
