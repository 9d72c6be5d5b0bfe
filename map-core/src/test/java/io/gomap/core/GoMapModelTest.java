package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gomap.modelcheck.ModelCheck;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model test: random sequences of operations applied to a GoMap and a HashMap, compared after every step. Keys come
 * from a small range (and include null) so that operations hit, miss, delete and re-insert the same keys, and so that
 * growth, overflow chains and tombstones all occur; a share of the keys are {@link Clash} keys, whose hash codes are
 * equal in groups, so that long chains form whatever hash seed the map draws. Each seed draws {@value #TRIES} sequences of up to
 * {@value #MAX_OPS} operations; a failure is shrunk and reported with its seed (see {@link ModelCheck}).
 */
class GoMapModelTest {

    private static final int TRIES = 40;
    private static final int MAX_OPS = 300;

    enum Kind {
        PUT(20), GET(10), REMOVE(12), PUT_IF_ABSENT(4), COMPUTE(4), COMPUTE_IF_ABSENT(3), COMPUTE_IF_PRESENT(3),
        MERGE(3), CLEAR(1), ITERATE_AND_MUTATE(2), BULK_PUT(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A key whose hash code is its id modulo 4: ids 0 to 39 make four groups of ten keys that share one chain. */
    record Clash(int id) {
        @Override
        public int hashCode() {
            return id % 4;
        }
    }

    record Op(Kind kind, Object key, Integer value) {
        static Op draw(Random r) {
            Object key = r.nextInt(100) < 15 ? new Clash(r.nextInt(40)) : r.nextInt(306) - 5;
            return new Op(ModelCheck.pick(r, Kind.values(), k -> k.weight),
                    ModelCheck.orNull(r, 0.02, key), ModelCheck.orNull(r, 0.05, r.nextInt(51)));
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + value;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void behavesLikeHashMap(long seed) {
        ModelCheck.check(seed, TRIES, r -> ModelCheck.sequence(r, 0, MAX_OPS, Op::draw), GoMapModelTest::compare);
    }

    static void compare(List<Op> ops) {
        GoMap<Object, Integer> go = new GoMap<>();
        Map<Object, Integer> model = new HashMap<>();
        int step = 0;
        for (Op op : ops) {
            String where = "step " + step++ + ": " + op;
            assertEquals(apply(op, model), apply(op, go), () -> "result of " + where);
            assertEquals(model.size(), go.size(), () -> "size after " + where);
            assertEquals(model.size(), go.stats().count(), () -> "stats().count() after " + where);
            assertEquals(model, go, () -> "contents after " + where);
            assertSettled(go, where);
        }
    }

    /** Lookups probe the current array directly exactly while the map has entries and no move is under way. */
    static void assertSettled(GoMap<?, ?> go, String where) {
        assertSame(go.size() != 0 && go.oldBuckets() == null ? go.buckets() : null, go.settled(),
                () -> "settled array after " + where);
    }

    private static Object apply(Op op, Map<Object, Integer> m) {
        Object k = op.key();
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
                    m.put(1000 + (k instanceof Integer n ? n : 0) * 40 + i, i);
                }
                return null;
            case ITERATE_AND_MUTATE: {
                // Removes keys divisible by 3 through the iterator: an effect independent of iteration order, so both
                // maps end equal; every key present at the start is produced exactly once.
                Set<Object> seen = new HashSet<>();
                int removed = 0;
                Map<Object, Integer> copy = Map.copyOf(withoutNulls(m));
                for (Iterator<Map.Entry<Object, Integer>> it = m.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Object, Integer> e = it.next();
                    if (!seen.add(e.getKey())) {
                        throw new AssertionError("key produced twice: " + e.getKey());
                    }
                    if (divisibleBy3(e.getKey())) {
                        it.remove();
                        removed++;
                    }
                }
                for (Map.Entry<Object, Integer> e : copy.entrySet()) {
                    if (!seen.contains(e.getKey())) {
                        throw new AssertionError("key never produced: " + e.getKey());
                    }
                }
                return removed;
            }
            default: throw new AssertionError(op);
        }
    }

    private static boolean divisibleBy3(Object key) {
        return key instanceof Integer n ? n % 3 == 0 : key instanceof Clash c && c.id() % 3 == 0;
    }

    private static Map<Object, Integer> withoutNulls(Map<Object, Integer> m) {
        Map<Object, Integer> r = new HashMap<>();
        m.forEach((k, v) -> {
            if (k != null && v != null) {
                r.put(k, v);
            }
        });
        return r;
    }
}
