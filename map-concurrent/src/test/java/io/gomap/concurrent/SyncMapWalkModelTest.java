package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.modelcheck.ModelCheck;
import java.util.ArrayList;
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
 * Walks whose own body writes the map: a range, a forEach, an entry iterator or a key iterator over a SyncMap, each
 * visit followed by the writes the sequence lists for it: new keys (which fill the recent level and get it promoted
 * under the walk), deletes, revivals and overwrites of the keys the map started with, lookups of new keys (sampled
 * misses, which promote too), explicit promotions, clear, and removal of the visited key (through the iterator, for
 * the iterators; a second removal must throw). Checked against a HashMap kept in step: no key is visited twice; a key
 * that range or forEach visits is present with its current value; a key an iterator hands out is present (with its
 * current value, for the entry iterator) or was written during the walk, as an iterator may hand out a key deleted
 * after it found it (as ConcurrentHashMap's); every key present when the walk began and not written during it is
 * visited; after each walk, contents, size and isEmpty agree. Each seed draws {@value #TRIES} sequences, each a map of
 * up to {@value #MAX_KEYS} keys and one or two walks; a failure is shrunk and reported with its seed (see
 * {@link ModelCheck}).
 */
class SyncMapWalkModelTest {

    private static final int TRIES = 100;
    private static final int MAX_KEYS = 300;

    /** The map is filled in runs of this many keys, promoted after some of them. */
    private static final int FILL_RUN = 50;

    /** Keys added during a walk count up from here, above the keys the map starts with. */
    private static final int NEW_KEYS = 100_000;

    /** How many keys a LOOKUPS step looks up. */
    private static final int LOOKUP_RUN = 50;

    /** The four walks. */
    enum Walker {
        RANGE, FOR_EACH, ENTRY_ITERATOR, KEY_ITERATOR
    }

    /** The steps; inside a walk, those after a visit and before the next NEXT run at that visit. */
    enum Kind {
        /** Puts keys {@code key} to {@code key + value - 1}, each mapped to itself. */
        PUT_RUN,
        /** Puts {@code key}, mapped to {@code value}. */
        PUT,
        /** Removes {@code key}. */
        REMOVE,
        /** Looks up {@value #LOOKUP_RUN} keys from {@code key} on, comparing each answer with the model. */
        LOOKUPS,
        /** Promotes the recent level, if any. */
        PROMOTE,
        /** Removes every key. */
        CLEAR,
        /** Removes the visited key: through the iterator, or by remove from range and forEach. */
        REMOVE_VISITED,
        /** Ends the visit: the walk moves on to its next key. */
        NEXT,
        /** Starts walk {@code value} (a {@link Walker}) once any walk under way has ended. */
        WALK
    }

    /** One step; which of {@code key} and {@code value} it uses depends on its kind. */
    record Op(Kind kind, int key, int value) {
        @Override
        public String toString() {
            return switch (kind) {
                case PUT_RUN, PUT -> kind + " " + key + " " + value;
                case REMOVE, LOOKUPS -> kind + " " + key;
                case WALK -> kind + " " + Walker.values()[value];
                default -> kind.toString();
            };
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void walksThatWriteMatchAModel(long seed) {
        int[] promotedUnderAWalk = {0};
        ModelCheck.check(seed, TRIES, r -> new Script(r).ops, ops -> {
            if (new Run(ops).all()) {
                promotedUnderAWalk[0]++;
            }
        });
        // The sequences must exercise what this test is for: in most of them a walk goes on over a promotion.
        assertTrue(promotedUnderAWalk[0] * 2 >= TRIES, () -> "seed " + seed + ": a promotion under a walk in only "
                + promotedUnderAWalk[0] + " of " + TRIES + " sequences");
    }

    /**
     * Draws one sequence: a map of 1 to {@value #MAX_KEYS} keys, filled in runs and promoted after some, with up to
     * a third of random keys removed; then one or two walks, each with the writes for as many visits as there are keys.
     * One sequence in ten may clear the map during its walks.
     */
    private static final class Script {
        final List<Op> ops = new ArrayList<>();
        private final Random r;
        private final int keys;
        private final boolean clears;
        private int fresh = NEW_KEYS;

        Script(Random r) {
            this.r = r;
            keys = 1 + r.nextInt(MAX_KEYS);
            clears = r.nextInt(10) == 0;
            fill();
            for (int walks = 1 + r.nextInt(2); walks > 0; walks--) {
                walk();
            }
        }

        private void fill() {
            for (int from = 0; from < keys; from += FILL_RUN) {
                ops.add(new Op(Kind.PUT_RUN, from, Math.min(FILL_RUN, keys - from)));
                if (r.nextInt(4) == 0) {
                    ops.add(new Op(Kind.PROMOTE, 0, 0));
                }
            }
            for (int n = r.nextInt(keys / 3 + 1); n > 0; n--) {
                ops.add(new Op(Kind.REMOVE, r.nextInt(keys), 0));
            }
        }

        /**
         * A walk, then for each visit up to 5 writes and, one time in four, the removal of the visited key (one time
         * in eight of those, twice).
         */
        private void walk() {
            ops.add(new Op(Kind.WALK, 0, r.nextInt(Walker.values().length)));
            for (int visit = 0; visit < keys; visit++) {
                for (int n = r.nextInt(6); n > 0; n--) {
                    write();
                }
                if (r.nextInt(4) == 0) {
                    for (int n = r.nextInt(8) == 0 ? 2 : 1; n > 0; n--) {
                        ops.add(new Op(Kind.REMOVE_VISITED, 0, 0));
                    }
                }
                ops.add(new Op(Kind.NEXT, 0, 0));
            }
        }

        /**
         * One write: a new key (4 in 10), the removal (2 in 10) or a put (2 in 10) of a key the map started with,
         * lookups of new keys (1 in 10), and otherwise now and then a promotion or, in a sequence that clears, a
         * clear.
         */
        private void write() {
            int dice = r.nextInt(10);
            if (dice < 4) {
                ops.add(new Op(Kind.PUT, fresh, fresh));
                fresh++;
            } else if (dice < 6) {
                ops.add(new Op(Kind.REMOVE, r.nextInt(keys), 0));
            } else if (dice < 8) {
                ops.add(new Op(Kind.PUT, r.nextInt(keys), r.nextInt(1000)));
            } else if (dice == 8) {
                ops.add(new Op(Kind.LOOKUPS, NEW_KEYS + r.nextInt(fresh - NEW_KEYS + 1), 0));
            } else if (clears && r.nextInt(20) == 0) {
                ops.add(new Op(Kind.CLEAR, 0, 0));
            } else if (r.nextInt(4) == 0) {
                ops.add(new Op(Kind.PROMOTE, 0, 0));
            }
        }
    }

    /** Runs a sequence on a fresh SyncMap and a HashMap model, checking as the class comment says. */
    private static final class Run {
        private final List<Op> ops;
        private final SyncMap<Integer, Integer> m = new SyncMap<>();
        private final Map<Integer, Integer> model = new HashMap<>();
        private int at;

        /** The keys the current walk visited, and those written since it began. */
        private final Set<Integer> visited = new HashSet<>();
        private final Set<Integer> written = new HashSet<>();
        private boolean promotedUnderAWalk;

        Run(List<Op> ops) {
            this.ops = ops;
        }

        /** Runs every step; returns whether a promotion happened during a walk. */
        boolean all() {
            while (at < ops.size()) {
                Op op = ops.get(at++);
                if (op.kind() == Kind.WALK) {
                    walk(Walker.values()[op.value()], "walk of step " + (at - 1) + ": " + op);
                } else {
                    write(op, null);
                }
            }
            checkContents("the end");
            return promotedUnderAWalk;
        }

        private void walk(Walker walker, String where) {
            Set<Integer> atStart = new HashSet<>(model.keySet());
            visited.clear();
            written.clear();
            switch (walker) {
                case RANGE -> m.range((k, v) -> {
                    visitPresent(k, v, where);
                    return true;
                });
                case FOR_EACH -> m.forEach((k, v) -> visitPresent(k, v, where));
                case ENTRY_ITERATOR -> {
                    for (Iterator<Map.Entry<Integer, Integer>> it = m.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<Integer, Integer> e = it.next();
                        handedOut(e.getKey(), where);
                        if (model.containsKey(e.getKey())) {
                            assertEquals(model.get(e.getKey()), e.getValue(), () -> "value of " + e + " at " + where);
                        }
                        visitWrites(e.getKey(), it, where);
                    }
                }
                case KEY_ITERATOR -> {
                    for (Iterator<Integer> it = m.keySet().iterator(); it.hasNext(); ) {
                        Integer k = it.next();
                        handedOut(k, where);
                        visitWrites(k, it, where);
                    }
                }
            }
            for (Integer k : atStart) {
                assertTrue(written.contains(k) || visited.contains(k),
                        () -> "key " + k + ", present throughout, not visited by the " + where);
            }
            checkContents("the end of the " + where);
        }

        /** A key range or forEach visits: not visited before, present, with its current value; then its writes. */
        private void visitPresent(Integer k, Integer v, String where) {
            assertTrue(visited.add(k), () -> "key " + k + " visited twice by the " + where);
            assertEquals(model.get(k), v, () -> "value visited for " + k + " by the " + where);
            visitWrites(k, null, where);
        }

        /** A key an iterator hands out: not handed out before, and present unless written during the walk. */
        private void handedOut(Integer k, String where) {
            assertTrue(visited.add(k), () -> "key " + k + " handed out twice by the " + where);
            assertTrue(model.containsKey(k) || written.contains(k),
                    () -> "key " + k + " handed out by the " + where + " though absent since the walk began");
        }

        /** Runs the writes of one visit: the steps up to the next NEXT, or up to a WALK, which waits. */
        private void visitWrites(Integer visitedKey, Iterator<?> it, String where) {
            boolean amended = m.amended();
            boolean removed = false;
            while (at < ops.size() && ops.get(at).kind() != Kind.WALK) {
                Op op = ops.get(at++);
                String step = "step " + (at - 1) + ": " + op + ", visiting " + visitedKey + " in the " + where;
                if (op.kind() == Kind.NEXT) {
                    break;
                }
                if (op.kind() == Kind.REMOVE_VISITED && it != null && removed) {
                    assertThrows(IllegalStateException.class, it::remove, () -> "second remove at " + step);
                } else if (op.kind() == Kind.REMOVE_VISITED) {
                    removeVisited(visitedKey, it, step);
                    removed = true;
                } else {
                    write(op, step);
                }
                promotedUnderAWalk |= amended && !m.amended() && op.kind() != Kind.CLEAR;
                amended = m.amended();
            }
        }

        private void removeVisited(Integer k, Iterator<?> it, String step) {
            if (it == null) {
                assertEquals(model.remove(k), m.remove(k), () -> "result of " + step);
            } else {
                it.remove();
                model.remove(k);
            }
            written.add(k);
        }

        /**
         * Applies a write to both maps, comparing the answers; {@code step} names it within a walk, null outside one,
         * where NEXT and REMOVE_VISITED do nothing.
         */
        private void write(Op op, String step) {
            String where = step != null ? step : "step " + (at - 1) + ": " + op;
            switch (op.kind()) {
                case PUT_RUN -> {
                    for (int k = op.key(); k < op.key() + op.value(); k++) {
                        put(k, k, where);
                    }
                }
                case PUT -> put(op.key(), op.value(), where);
                case REMOVE -> {
                    assertEquals(model.remove(op.key()), m.remove(op.key()), () -> "result of " + where);
                    written.add(op.key());
                }
                case LOOKUPS -> {
                    for (int k = op.key(); k < op.key() + LOOKUP_RUN; k++) {
                        int key = k;
                        assertEquals(model.get(key), m.get(key), () -> "value of " + key + " at " + where);
                    }
                }
                case PROMOTE -> m.promote();
                case CLEAR -> {
                    m.clear();
                    written.addAll(model.keySet());
                    model.clear();
                }
                case NEXT, REMOVE_VISITED -> {
                }
                case WALK -> throw new AssertionError("a walk is not a write: " + where);
            }
        }

        private void put(int k, int v, String where) {
            assertEquals(model.put(k, v), m.put(k, v), () -> "result of " + where);
            written.add(k);
        }

        private void checkContents(String where) {
            assertEquals(model, new HashMap<>(m), () -> "contents at " + where);
            assertEquals(model.size(), m.size(), () -> "size at " + where);
            assertEquals(model.isEmpty(), m.isEmpty(), () -> "isEmpty at " + where);
        }
    }
}
