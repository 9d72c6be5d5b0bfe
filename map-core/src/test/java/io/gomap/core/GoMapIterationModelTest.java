package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.modelcheck.ModelCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model test of Go's iteration guarantees while the iterating code writes: random sequences of writes (puts of
 * present and new keys, removes, bulk inserts that grow the map, bulk deletes that shrink it under a
 * {@link ShrinkPolicy}, {@link GoMap#compact()}, clear(), replace, merge, and setValue and remove of the entry being
 * visited) made from the bodies of range and forEach walks, nested up to {@value #MAX_DEPTH} deep, and between the
 * steps of up to {@value #MAX_ITERATORS} interleaved entry iterators, some made before a clear() and only then stepped.
 * A HashMap tracks the contents. Every walk must produce only keys the HashMap holds, with the value it holds, and
 * nothing once a clear() came after the walk started; it must end; and unless cleared it must produce exactly once each
 * key present from its start to its end. After the walks the maps are compared as in {@link GoMapApiModelTest}.
 * Every seed runs on each {@link GoMapApiModelTest.Maker}, drawing {@value #TRIES} sequences of up to
 * {@value #MAX_OPS} operations after a first bulk insert; a failure is shrunk and reported with its seed (see
 * {@link ModelCheck}). The GoMap's random iteration order decides which walk's body takes which operation, so a
 * sequence runs differently from run to run; no check depends on that order.
 */
class GoMapIterationModelTest {

    private static final int TRIES = 10;
    private static final int MAX_OPS = 200;
    private static final int MAX_DEPTH = 3;
    private static final int MAX_ITERATORS = 6;
    /** More entries than any walk may produce: one that produces this many has not ended. */
    private static final int MAX_STEPS = 100_000;
    /** How many entries a range or forEach produces per operation its body takes: picked by the operation's arg. */
    private static final int[] STRIDES = {1, 2, 10, 50};

    /** The operations and their weights; FILL, the first operation of every sequence, is never drawn. */
    enum Kind {
        ITERATOR(6), STEP(30), RANGE(2), FOR_EACH(2), PUT(8), PUT_NEW(8), REMOVE(8), FILL(0), BULK_PUT(2),
        BULK_REMOVE(2), COMPACT(2), CLEAR(3), REPLACE(4), MERGE(3), SET_CURRENT(5), REMOVE_CURRENT(5);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /**
     * An operation. {@code key} is the key of PUT_NEW and MERGE; {@code arg} picks the present key of PUT, REMOVE and
     * REPLACE, the iterator a STEP steps, a walk's stride and a bulk operation's size, and is the value written.
     */
    record Op(Kind kind, Object key, int arg) {
        static Op draw(Random r) {
            return new Op(ModelCheck.pick(r, Kind.values(), k -> k.weight), GoMapApiModelTest.drawKey(r),
                    r.nextInt(1000));
        }

        /** A first bulk insert: a few entries in a quarter of the sequences, else up to 1500. */
        static Op fill(Random r) {
            return new Op(Kind.FILL, null, r.nextInt(4) == 0 ? r.nextInt(20) : r.nextInt(1500));
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + arg;
        }
    }

    /** Walks that write, nested or interleaved, produce what Go promises, on every kind of GoMap. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void walksKeepGosGuaranteesWhileTheyWrite(long seed) {
        for (GoMapApiModelTest.Maker maker : GoMapApiModelTest.Maker.values()) {
            ModelCheck.check(seed, TRIES, GoMapIterationModelTest::sequence, ops -> new Run(maker).run(ops));
        }
    }

    private static List<Op> sequence(Random r) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.fill(r));
        ops.addAll(ModelCheck.sequence(r, 0, MAX_OPS, Op::draw));
        return ops;
    }

    /** One walk in progress: the keys it started with, those removed since, and what it has produced. */
    private static final class Walk {
        final String name;
        final Set<Object> start;
        final Set<Object> removed = new HashSet<>();
        final Map<Object, Integer> produced = new HashMap<>();
        /** The walk's iterator; null for a range or forEach. */
        final Iterator<Map.Entry<Object, Object>> iterator;
        boolean cleared;
        int steps;
        /** The key last produced, and for an iterator its entry, until the iterator removes it. */
        Object key;
        Map.Entry<Object, Object> entry;

        Walk(String name, Set<Object> start, Iterator<Map.Entry<Object, Object>> iterator) {
            this.name = name;
            this.start = new HashSet<>(start);
            this.iterator = iterator;
        }
    }

    /** Applies one sequence to a fresh GoMap and a HashMap, running the walks its operations start. */
    private static final class Run {
        private final GoMapApiModelTest.Maker maker;
        private final GoMap<Object, Object> go;
        private final Map<Object, Object> model = new HashMap<>();
        /** The walks in progress: the ranges and forEach calls on the stack, and the iterators not yet at their end. */
        private final List<Walk> walks = new ArrayList<>();
        private List<Op> ops;
        /** The index of the next operation to apply. */
        private int next;
        private int depth;
        private int started;
        private int fresh;
        /** The walk that produced last: the one whose entry SET_CURRENT and REMOVE_CURRENT write. */
        private Walk current;

        Run(GoMapApiModelTest.Maker maker) {
            this.maker = maker;
            this.go = maker.make();
        }

        /** Applies {@code sequence}, steps every iterator left to its end, and compares the maps. */
        void run(List<Op> sequence) {
            ops = sequence;
            while (next < ops.size()) {
                apply(ops.get(next++));
            }
            for (Walk w : List.copyOf(walks)) {
                while (w.iterator.hasNext()) {
                    Map.Entry<Object, Object> e = w.iterator.next();
                    produce(w, e.getKey(), e.getValue());
                }
                end(w);
            }
            GoMapApiModelTest.assertAgrees(go, model, maker + ", after the walks");
        }

        private void apply(Op op) {
            int arg = op.arg();
            switch (op.kind()) {
                case ITERATOR -> startIterator();
                case STEP -> step(arg);
                case RANGE, FOR_EACH -> walk(op.kind(), STRIDES[arg % STRIDES.length]);
                case PUT -> put(present(arg), arg);
                case PUT_NEW -> put(op.key(), arg);
                case REMOVE -> remove(present(arg));
                case FILL -> putFresh(arg);
                case BULK_PUT -> putFresh(arg % 200);
                case BULK_REMOVE -> removeAllBut(2 + arg % 6);
                case COMPACT -> go.compact();
                case CLEAR -> clear();
                case REPLACE -> {
                    Object k = present(arg);
                    assertEquals(model.replace(k, "r" + arg), go.replace(k, "r" + arg), this::where);
                }
                case MERGE -> merge(op.key(), arg);
                case SET_CURRENT -> setCurrent(arg);
                case REMOVE_CURRENT -> removeCurrent();
            }
        }

        private void startIterator() {
            if (walks.stream().filter(w -> w.iterator != null).count() < MAX_ITERATORS) {
                walks.add(new Walk("iterator " + started++, model.keySet(), go.entrySet().iterator()));
            }
        }

        /** Steps one of the iterators in progress, picked by {@code arg}; one that has no next entry ends. */
        private void step(int arg) {
            List<Walk> iterators = walks.stream().filter(w -> w.iterator != null).toList();
            if (iterators.isEmpty()) {
                return;
            }
            Walk w = iterators.get(arg % iterators.size());
            if (w.iterator.hasNext()) {
                w.entry = w.iterator.next();
                produce(w, w.entry.getKey(), w.entry.getValue());
            } else {
                walks.remove(w);
                end(w);
            }
        }

        /** A range or forEach whose body applies the next operation at every {@code stride}-th entry. */
        private void walk(Kind kind, int stride) {
            if (depth == MAX_DEPTH) {
                return;
            }
            Walk w = new Walk(kind + " " + started++ + " at depth " + depth, model.keySet(), null);
            walks.add(w);
            depth++;
            if (kind == Kind.RANGE) {
                go.range((k, v) -> {
                    visit(w, k, v, stride);
                    return true;
                });
            } else {
                go.forEach((k, v) -> visit(w, k, v, stride));
            }
            depth--;
            walks.remove(w);
            end(w);
        }

        private void visit(Walk w, Object k, Object v, int stride) {
            produce(w, k, v);
            if (w.steps % stride == 0 && next < ops.size()) {
                apply(ops.get(next++));
            }
        }

        /** Checks an entry a walk produced: not after a clear(), present, current, once if present throughout. */
        private void produce(Walk w, Object k, Object v) {
            assertFalse(w.cleared, () -> where(w) + ": produced " + k + " after clear()");
            assertTrue(model.containsKey(k), () -> where(w) + ": produced " + k + ", which is not in the map");
            assertEquals(model.get(k), v, () -> where(w) + ": stale value for " + k);
            int times = w.produced.merge(k, 1, Integer::sum);
            assertTrue(times == 1 || !presentThroughout(w, k),
                    () -> where(w) + ": produced " + k + " twice, present throughout");
            assertTrue(++w.steps < MAX_STEPS, () -> where(w) + ": produced " + MAX_STEPS + " entries, no end");
            w.key = k;
            current = w;
        }

        /** Checks a walk that ended: unless cleared, it produced every key present throughout. */
        private void end(Walk w) {
            if (w.cleared) {
                return;
            }
            for (Object k : w.start) {
                if (presentThroughout(w, k)) {
                    assertEquals(1, w.produced.getOrDefault(k, 0),
                            () -> where(w) + ", at its end: times it produced " + k + ", present throughout");
                }
            }
        }

        private static boolean presentThroughout(Walk w, Object k) {
            return w.start.contains(k) && !w.removed.contains(k);
        }

        /** A key the map holds, picked by {@code arg}, or a key it does not hold if it is empty. */
        private Object present(int arg) {
            if (model.isEmpty()) {
                return arg;
            }
            List<Object> keys = new ArrayList<>(model.keySet());
            return keys.get(arg % keys.size());
        }

        private void put(Object k, Object v) {
            assertEquals(model.put(k, v), go.put(k, v), this::where);
        }

        private void putFresh(int n) {
            for (int i = 0; i < n; i++) {
                put(100_000 + fresh++, i);
            }
        }

        private void remove(Object k) {
            noteRemoved(k);
            assertEquals(model.remove(k), go.remove(k), this::where);
        }

        /** Removes, through the key set's removeIf, every key whose hash code {@code divisor} does not divide. */
        private void removeAllBut(int divisor) {
            Predicate<Object> doomed = k -> Objects.hashCode(k) % divisor != 0;
            model.keySet().stream().filter(doomed).forEach(this::noteRemoved);
            assertEquals(model.keySet().removeIf(doomed), go.keySet().removeIf(doomed), this::where);
        }

        private void clear() {
            model.clear();
            go.clear();
            walks.forEach(w -> w.cleared = true);
        }

        private void merge(Object k, int value) {
            boolean had = model.containsKey(k);
            assertEquals(model.merge(k, value, Run::mergeOrDrop), go.merge(k, value, Run::mergeOrDrop), this::where);
            if (had && !model.containsKey(k)) {
                noteRemoved(k);
            }
        }

        /** Drops the entry when the old value's hash code is a multiple of 3, else takes the new value. */
        private static Object mergeOrDrop(Object old, Object value) {
            return Objects.hashCode(old) % 3 == 0 ? null : value;
        }

        /** Writes the entry the last walk produced: through its iterator's entry, else with a put. */
        private void setCurrent(int value) {
            if (current == null) {
                return;
            }
            if (current.entry != null) {
                model.replace(current.key, value);
                current.entry.setValue(value);
            } else {
                put(current.key, value);
            }
        }

        /** Removes the entry the last walk produced: through its iterator, else with a remove. */
        private void removeCurrent() {
            if (current == null) {
                return;
            }
            if (current.entry != null) {
                noteRemoved(current.key);
                model.remove(current.key);
                current.iterator.remove();
                current.entry = null;
            } else {
                remove(current.key);
            }
        }

        /** Tells the walks in progress that {@code k} may have been removed, so they need not produce it. */
        private void noteRemoved(Object k) {
            for (Walk w : walks) {
                w.removed.add(k);
            }
        }

        private String where() {
            return maker + ", after op " + (next - 1) + " (" + ops.get(next - 1) + ")";
        }

        private String where(Walk w) {
            return where() + ", " + w.name + " at step " + w.steps;
        }
    }
}
