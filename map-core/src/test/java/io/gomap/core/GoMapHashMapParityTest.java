package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential tests of what a caller can observe beyond results: whose {@code equals} a value comparison calls, and
 * which objects the views are, against {@link HashMap}, on seeded random sequences.
 */
class GoMapHashMapParityTest {

    /** Calls of {@link Val#equals}: receiver id, then argument id (or null). */
    private static final List<List<Object>> EQUALS_CALLS = new ArrayList<>();

    /**
     * A value whose equality is not symmetric: a loose value equals every Val, a strict one only a Val with its id. So
     * whose equals a map calls decides the answer, and every call is logged.
     */
    static final class Val {
        final int id;
        final boolean loose;

        Val(int id, boolean loose) {
            this.id = id;
            this.loose = loose;
        }

        @Override
        public boolean equals(Object o) {
            EQUALS_CALLS.add(Arrays.asList(id, o instanceof Val v ? v.id : o));
            return o instanceof Val v && (loose || v.id == id);
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return (loose ? "~" : "") + id;
        }
    }

    private static Val drawVal(Random r) {
        return r.nextInt(10) == 0 ? null : new Val(r.nextInt(6), r.nextInt(3) == 0);
    }

    /**
     * The value comparisons of remove(k, v), replace(k, old, new), replace(k, v) and the entry view's contains and
     * remove call the same equals, of the same objects, as HashMap's, and so answer as HashMap does, on every
     * detector mode: replace(k, old, new) asks the map's value whether it equals {@code old}, and remove(k, v) asks
     * {@code v}. Fails before the fix: GoMap's replace(k, old, new) asked {@code old}, so a loose {@code old}
     * replaced a value HashMap keeps.
     */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void valueComparisonsCallEqualsAsHashMapDoes(DetectorMode mode) {
        for (long seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            GoMap<Object, Val> go = new GoMap<>(0, mode);
            Map<Object, Val> model = new HashMap<>();
            for (int step = 0; step < 100; step++) {
                int op = r.nextInt(7);
                Integer k = r.nextInt(12);
                Val a = drawVal(r);
                Val b = drawVal(r);
                String where = "seed " + seed + " step " + step + ": op " + op + " key " + k + " " + a + " " + b;
                EQUALS_CALLS.clear();
                Object expected = apply(op, model, k, a, b);
                List<List<Object>> expectedCalls = new ArrayList<>(EQUALS_CALLS);
                EQUALS_CALLS.clear();
                Object actual = apply(op, go, k, a, b);
                List<List<Object>> actualCalls = new ArrayList<>(EQUALS_CALLS);
                assertSame(expected, actual, () -> "result of " + where); // Booleans are cached; no Val.equals here
                assertEquals(expectedCalls, actualCalls, () -> "equals calls of " + where);
                assertEquals(model.size(), go.size(), () -> "size after " + where);
                for (Integer key = 0; key < 12; key++) {
                    assertSame(model.get(key), go.get(key), "value of " + key + " after " + where);
                }
            }
        }
    }

    private static Object apply(int op, Map<Object, Val> m, Integer k, Val a, Val b) {
        return switch (op) {
            case 0, 1 -> m.put(k, a);
            case 2 -> m.remove(k, a);
            case 3 -> m.replace(k, a, b);
            case 4 -> m.replace(k, a);
            case 5 -> m.entrySet().contains(new AbstractMap.SimpleEntry<>(k, a));
            default -> m.entrySet().remove(new AbstractMap.SimpleEntry<>(k, a));
        };
    }

    /**
     * Each view is one object, as HashMap's (and every AbstractMap's) are: {@code values()}, whose equals and hashCode
     * are Object's, equals itself across calls and keeps its hash code, and a view taken before writes still shows the
     * map after them. Fails before the fix: every call made a new view, so {@code m.values().equals(m.values())} was
     * false where HashMap's is true.
     */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void viewsAreTheSameObjectOnEveryCall(DetectorMode mode) {
        GoMap<Object, Object> go = new GoMap<>(0, mode);
        Map<Object, Object> model = new HashMap<>();
        for (Map<Object, Object> m : List.of(model, go)) {
            m.put(1, "a");
            m.put(null, null);
        }
        for (Map<Object, Object> m : List.of(model, go)) {
            String which = m.getClass().getSimpleName();
            assertSame(m.keySet(), m.keySet(), which);
            assertSame(m.values(), m.values(), which);
            assertSame(m.entrySet(), m.entrySet(), which);
            assertEquals(true, m.values().equals(m.values()), which);
            assertEquals(m.values().hashCode(), m.values().hashCode(), which);
        }
        Collection<Object> values = go.values();
        go.put(2, "b");
        assertEquals(3, values.size());
        assertSame(values, go.values());
    }
}
