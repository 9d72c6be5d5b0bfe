package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Model test: random sequences of operations applied to a GoMap and a HashMap, compared after every step. Keys come
 * from a small range (and include null) so that operations hit, miss, delete and re-insert the same keys, and so that
 * growth, overflow chains and tombstones all occur.
 */
class GoMapModelTest {

    enum Kind { PUT, GET, REMOVE, PUT_IF_ABSENT, COMPUTE, COMPUTE_IF_ABSENT, COMPUTE_IF_PRESENT, MERGE, CLEAR,
        ITERATE_AND_MUTATE, BULK_PUT }

    record Op(Kind kind, Integer key, Integer value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(20, Kind.PUT), Tuple.of(10, Kind.GET),
                Tuple.of(12, Kind.REMOVE), Tuple.of(4, Kind.PUT_IF_ABSENT),
                Tuple.of(4, Kind.COMPUTE), Tuple.of(3, Kind.COMPUTE_IF_ABSENT),
                Tuple.of(3, Kind.COMPUTE_IF_PRESENT), Tuple.of(3, Kind.MERGE),
                Tuple.of(1, Kind.CLEAR), Tuple.of(2, Kind.ITERATE_AND_MUTATE),
                Tuple.of(3, Kind.BULK_PUT));
        Arbitrary<Integer> keys = Arbitraries.integers().between(-5, 300).injectNull(0.02);
        Arbitrary<Integer> values = Arbitraries.integers().between(0, 50).injectNull(0.05);
        return Combinators.combine(kinds, keys, values).as(Op::new).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeHashMap(@ForAll("ops") List<Op> ops) {
        GoMap<Integer, Integer> go = new GoMap<>();
        Map<Integer, Integer> model = new HashMap<>();
        for (Op op : ops) {
            assertEquals(apply(op, model), apply(op, go), () -> "result of " + op);
            assertEquals(model.size(), go.size(), () -> "size after " + op);
            assertEquals(model.size(), go.stats().count());
            assertEquals(model, go, () -> "contents after " + op);
        }
    }

    private static Object apply(Op op, Map<Integer, Integer> m) {
        Integer k = op.key();
        Integer v = op.value();
        switch (op.kind()) {
            case PUT: return m.put(k, v);
            case GET: return m.get(k);
            case REMOVE: return m.remove(k);
            case PUT_IF_ABSENT: return m.putIfAbsent(k, v);
            case COMPUTE: return m.compute(k, (a, b) -> v == null ? null : (b == null ? v : b + v));
            case COMPUTE_IF_ABSENT: return m.computeIfAbsent(k, a -> v);
            case COMPUTE_IF_PRESENT: return m.computeIfPresent(k, (a, b) -> v);
            case MERGE: return v == null ? null : m.merge(k, v, (a, b) -> a + b > 60 ? null : a + b);
            case CLEAR: m.clear(); return null;
            case BULK_PUT:
                for (int i = 0; i < 40; i++) {
                    m.put(1000 + (k == null ? 0 : k) * 40 + i, i);
                }
                return null;
            case ITERATE_AND_MUTATE: {
                // Remove keys divisible by 3 through the iterator; delete one other key and add one key via the map.
                // Only mutations whose effect does not depend on iteration order, so both maps end equal.
                Set<Integer> seen = new HashSet<>();
                int removed = 0;
                Map<Integer, Integer> copy = Map.copyOf(withoutNulls(m));
                for (Iterator<Map.Entry<Integer, Integer>> it = m.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Integer, Integer> e = it.next();
                    if (!seen.add(e.getKey())) {
                        throw new AssertionError("key produced twice: " + e.getKey());
                    }
                    if (e.getKey() != null && e.getKey() % 3 == 0) {
                        it.remove();
                        removed++;
                    }
                }
                for (Map.Entry<Integer, Integer> e : copy.entrySet()) {
                    if (!seen.contains(e.getKey())) {
                        throw new AssertionError("key never produced: " + e.getKey());
                    }
                }
                return removed;
            }
            default: throw new AssertionError(op);
        }
    }

    private static Map<Integer, Integer> withoutNulls(Map<Integer, Integer> m) {
        Map<Integer, Integer> r = new HashMap<>();
        m.forEach((k, v) -> {
            if (k != null && v != null) {
                r.put(k, v);
            }
        });
        return r;
    }
}
