package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import net.jqwik.api.statistics.Statistics;

/**
 * Model test with a shrink policy: random puts, removes, bulk inserts and bulk deletes (so the map grows and shrinks
 * many times), compactions, and iterations that write while they run, applied to a GoMap and a HashMap and compared
 * after every step.
 */
class GoMapShrinkModelTest {

    enum Kind { PUT, GET, REMOVE, BULK_PUT, BULK_REMOVE, COMPACT, ITERATE_AND_MUTATE }

    record Op(Kind kind, Integer key, Integer value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(20, Kind.PUT), Tuple.of(8, Kind.GET), Tuple.of(15, Kind.REMOVE),
                Tuple.of(4, Kind.BULK_PUT), Tuple.of(4, Kind.BULK_REMOVE), Tuple.of(1, Kind.COMPACT),
                Tuple.of(3, Kind.ITERATE_AND_MUTATE));
        Arbitrary<Integer> keys = Arbitraries.integers().between(-5, 300).injectNull(0.02);
        Arbitrary<Integer> values = Arbitraries.integers().between(0, 50).injectNull(0.05);
        return Combinators.combine(kinds, keys, values).as(Op::new).list().ofMinSize(20).ofMaxSize(200);
    }

    @Property(tries = 200)
    void behavesLikeHashMapWhileShrinking(@ForAll("ops") List<Op> ops) {
        GoMap<Integer, Integer> go = new GoMap<>(0, DetectorMode.STRICT, ShrinkPolicy.whenSparse(4));
        Map<Integer, Integer> model = new HashMap<>();
        boolean shrank = false;
        int log2 = 0;
        for (Op op : ops) {
            assertEquals(apply(op, model), apply(op, go), () -> "result of " + op);
            assertEquals(model.size(), go.size(), () -> "size after " + op);
            assertEquals(model, go, () -> "contents after " + op);
            MapStats s = go.stats();
            assertEquals(model.size(), s.count());
            shrank |= op.kind() != Kind.COMPACT && s.log2Buckets() < log2;
            log2 = s.log2Buckets();
            if (op.kind() == Kind.COMPACT) {
                assertFalse(s.growing());
                assertEquals(0, s.tombstones());
                assertEquals(GoMap.log2For(model.size()), s.log2Buckets());
            }
        }
        // The sequences must exercise what this test is for: in a good share of them the policy shrinks the map.
        Statistics.label("shrank").collect(shrank);
        Statistics.label("shrank").coverage(c -> c.check(true).percentage(p -> p >= 30));
    }

    private static Object apply(Op op, Map<Integer, Integer> m) {
        Integer k = op.key();
        Integer v = op.value();
        int base = 1000 + (k == null ? 0 : k) * 200;
        switch (op.kind()) {
            case PUT: return m.put(k, v);
            case GET: return m.get(k);
            case REMOVE: return m.remove(k);
            case BULK_PUT:
                for (int i = 0; i < 200; i++) {
                    m.put(base + i, i);
                }
                return null;
            case BULK_REMOVE:
                // Removes every bulk key and three small keys in four, so the count falls far and fast.
                m.keySet().removeIf(key -> key != null && (key >= 1000 || key % 4 != 0));
                return null;
            case COMPACT:
                if (m instanceof GoMap<Integer, Integer> g) {
                    g.compact();
                }
                return null;
            case ITERATE_AND_MUTATE: {
                // Removes keys divisible by 3 through the iterator, compacting once midway: effects independent of
                // iteration order, so both maps end equal; every key present at the start is produced exactly once.
                Set<Integer> seen = new HashSet<>();
                Map<Integer, Integer> before = new HashMap<>(m);
                int steps = 0;
                for (Iterator<Map.Entry<Integer, Integer>> it = m.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Integer, Integer> e = it.next();
                    Integer key = e.getKey();
                    assertTrue(seen.add(key), () -> "key produced twice: " + key);
                    if (key != null && key % 3 == 0) {
                        it.remove();
                    }
                    if (++steps == before.size() / 2 && m instanceof GoMap<Integer, Integer> g) {
                        g.compact();
                    }
                }
                for (Integer key : before.keySet()) {
                    assertTrue(seen.contains(key), () -> "key never produced: " + key);
                }
                return seen.size();
            }
            default: throw new AssertionError(op);
        }
    }
}
