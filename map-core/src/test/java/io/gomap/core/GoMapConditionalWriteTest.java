package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conditional writes (remove(key, value), both replace methods, the removes of the entry and key views) are one
 * write each, as in HashMap: a write that lands between their lookup and their write would otherwise be overwritten or
 * removed without either write seeing the other (JCStress GoMap_14, GoMap_15 and GoMap_18 are the two-thread forms in
 * STRICT mode). Single-threaded, a hook runs the intervening write from user code: a key whose hashCode() runs it at
 * its n-th call, counting from 1, or an entry whose getValue() runs it. Each test accepts what either order of the two
 * writes gives; an implementation that hashes once leaves no gap, and the hook then does not fire.
 */
class GoMapConditionalWriteTest {

    /** A key whose hashCode() runs {@link #hook} at its {@code at}-th call. */
    static final class Armed {
        final int id;
        Runnable hook;
        int at;
        boolean fired;

        Armed(int id) {
            this.id = id;
        }

        Armed arm(int call, Runnable r) {
            at = call;
            hook = r;
            return this;
        }

        @Override
        public int hashCode() {
            if (hook != null && --at == 0) {
                Runnable h = hook;
                hook = null;
                fired = true;
                h.run();
            }
            return id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Armed a && a.id == id;
        }
    }

    /** An entry whose getValue() runs a hook once, after EntrySet.contains read the map's value. */
    static final class HookedEntry extends AbstractMap.SimpleImmutableEntry<Integer, Integer> {
        private Runnable hook;

        HookedEntry(Integer k, Integer v, Runnable hook) {
            super(k, v);
            this.hook = hook;
        }

        @Override
        public Integer getValue() {
            Runnable h = hook;
            hook = null;
            if (h != null) {
                h.run();
            }
            return super.getValue();
        }
    }

    /** Either order ends with 20 (as HashMap's: false, {1=20}); the remove of 1=10 removed the 20 put since. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void entrySetRemoveDoesNotRemoveAValuePutSinceItMatched(DetectorMode mode) {
        GoMap<Integer, Integer> m = new GoMap<>(0, mode);
        m.put(1, 10);
        boolean removed = m.entrySet().remove(new HookedEntry(1, 10, () -> m.put(1, 20)));
        assertEquals(Map.of(1, 20), new HashMap<>(m), "removed=" + removed);
    }

    /** remove(k, v): a put of 20 between its lookup and its remove was removed. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void conditionalRemoveDoesNotRemoveAValuePutSinceItMatched(DetectorMode mode) {
        GoMap<Armed, Integer> m = new GoMap<>(0, mode);
        Armed k = new Armed(1);
        m.put(k, 10);
        Armed probe = new Armed(1).arm(2, () -> m.put(new Armed(1), 20)); // call 1: get; call 2: remove's hash
        boolean removed = m.remove(probe, 10);
        // Either order ends with 20: remove then put, or put then a remove that no longer matches.
        assertEquals(probe.fired ? Map.of(new Armed(1), 20) : Map.of(), new HashMap<>(m), "removed=" + removed);
    }

    /** replace(k, old, new): a put of 20 between its lookup and its put was overwritten. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void conditionalReplaceDoesNotOverwriteAValuePutSinceItMatched(DetectorMode mode) {
        GoMap<Armed, Integer> m = new GoMap<>(0, mode);
        m.put(new Armed(1), 10);
        Armed probe = new Armed(1).arm(2, () -> m.put(new Armed(1), 20));
        boolean replaced = m.replace(probe, 10, 11);
        // Either order ends with 20: replace then put, or put then a replace that no longer matches.
        assertEquals(Map.of(new Armed(1), probe.fired ? 20 : 11), new HashMap<>(m), "replaced=" + replaced);
    }

    /**
     * replace(k, v), which Entry.setValue and replaceAll use: a remove of the key between its lookup and its put, which
     * returned 10, was undone (the key back with 11).
     */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void replaceDoesNotPutBackAKeyRemovedSinceItLooked(DetectorMode mode) {
        GoMap<Armed, Integer> m = new GoMap<>(0, mode);
        m.put(new Armed(1), 10);
        Integer[] removed = {null};
        Armed probe = new Armed(1).arm(2, () -> removed[0] = m.remove(new Armed(1)));
        m.replace(probe, 11);
        if (probe.fired) {
            // Either order ends empty: replace then remove (returning 11), or remove then a replace that finds none.
            assertTrue(m.isEmpty(), "removed " + removed[0] + ", yet the key is back: " + m);
        } else {
            assertEquals(Map.of(new Armed(1), 11), new HashMap<>(m));
        }
    }

    /** keySet().remove reports a removal only when it removed the key: it returned true for a key removed since. */
    @ParameterizedTest
    @EnumSource(DetectorMode.class)
    void keySetRemoveReportsOnlyItsOwnRemoval(DetectorMode mode) {
        GoMap<Armed, Integer> m = new GoMap<>(0, mode);
        m.put(new Armed(1), 10);
        Integer[] removed = {null};
        Armed probe = new Armed(1).arm(2, () -> removed[0] = m.remove(new Armed(1)));
        boolean reported = m.keySet().remove(probe);
        assertTrue(m.isEmpty());
        assertEquals(!probe.fired, reported, "the hook's remove returned " + removed[0]);
    }
}
