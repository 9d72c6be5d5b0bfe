package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Model test with a shrink policy: random puts, removes, bulk inserts and bulk deletes (so the map grows and shrinks
 * many times), compactions, and iterations that write while they run, applied to a GoMap and a HashMap and compared
 * after every step. Each seed draws {@value #TRIES} sequences of {@value #MIN_OPS} to {@value #MAX_OPS} operations; a
 * failure is shrunk and reported with its seed (see {@link ModelCheck}).
 */
class GoMapShrinkModelTest {

    private static final int TRIES = 25;
    private static final int MIN_OPS = 20;
    private static final int MAX_OPS = 200;

    enum Kind {
        PUT(20), GET(8), REMOVE(15), BULK_PUT(4), BULK_REMOVE(4), COMPACT(1), ITERATE_AND_MUTATE(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    record Op(Kind kind, Integer key, Integer value) {
        static Op draw(Random r) {
            return new Op(ModelCheck.pick(r, Kind.values(), k -> k.weight),
                    ModelCheck.orNull(r, 0.02, r.nextInt(306) - 5), ModelCheck.orNull(r, 0.05, r.nextInt(51)));
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + value;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void behavesLikeHashMapWhileShrinking(long seed) {
        int[] shrank = {0};
        ModelCheck.check(seed, TRIES, r -> ModelCheck.sequence(r, MIN_OPS, MAX_OPS, Op::draw), ops -> {
            if (compare(ops)) {
                shrank[0]++;
            }
        });
        // The sequences must exercise what this test is for: in a good share of them the policy shrinks the map.
        assertTrue(shrank[0] * 100 >= 30 * TRIES,
                () -> "seed " + seed + ": the policy shrank the map in only " + shrank[0] + " of " + TRIES + " sequences");
    }

    /** Applies {@code ops} to fresh maps, comparing after every step; returns whether the policy ever shrank. */
    static boolean compare(List<Op> ops) {
        GoMap<Integer, Integer> go = new GoMap<>(0, DetectorMode.STRICT, ShrinkPolicy.whenSparse(4));
        Map<Integer, Integer> model = new HashMap<>();
        boolean shrank = false;
        int log2 = 0;
        int step = 0;
        for (Op op : ops) {
            String where = "step " + step++ + ": " + op;
            assertEquals(apply(op, model), apply(op, go), () -> "result of " + where);
            assertEquals(model.size(), go.size(), () -> "size after " + where);
            assertEquals(model, go, () -> "contents after " + where);
            GoMapModelTest.assertSettled(go, where);
            MapStats s = go.stats();
            assertEquals(model.size(), s.count(), () -> "stats().count() after " + where);
            shrank |= op.kind() != Kind.COMPACT && s.log2Buckets() < log2;
            log2 = s.log2Buckets();
            if (op.kind() == Kind.COMPACT) {
                assertFalse(s.growing(), () -> "growing after " + where);
                assertEquals(0, s.tombstones(), () -> "tombstones after " + where);
                assertEquals(GoMap.log2For(model.size()), s.log2Buckets(), () -> "B after " + where);
            }
        }
        return shrank;
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
