package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that every {@link ConcurrentMap} operation of {@link SyncMap} is linearizable against a sequential
 * {@link HashMap}: small concurrent scenarios on keys 1..4 and values 1..4 are run, and each observed set of results
 * must match some sequential order of the same operations.
 *
 * <p>Both strategies run: model checking explores thread switches at the map's shared-memory accesses (it
 * instruments the bytecode of SyncMap and the JDK locks), and stress runs the scenarios on real threads. Besides
 * random scenarios, each strategy runs fixed ones that start from SyncMap's internal states: a deleted key in the
 * snapshot, also while there is a recent level; a key in the recent level, present or deleted, written lock-free by
 * both threads; two new keys inserted into one recent level; a snapshot key under the compute family; a promotion by
 * iteration racing lock-free writes to recent keys, present or deleted; and a full recent level whose next new key
 * freezes and promotes it while the other thread updates, deletes or revives its keys. Promotions are triggered
 * deterministically, by the {@code iterate} operation (a walk, which promotes the recent level as Go's Range promotes
 * dirty) or by the new key that finds the recent level full (a fresh map's first recent level takes 12 keys: the
 * fixed scenarios use keys beyond 1..4 to fill it); lookups promote only by sampling. {@code clear} is an operation
 * too, with fixed scenarios that race it against loads and lock-free writes of snapshot and recent keys. A third test runs the same
 * harness on a map whose {@code putIfAbsent} is a get followed by a put, and requires Lincheck to report it: the
 * harness has teeth. (Replacing the compare-and-set that fills an empty cell in SyncMap by a plain write was also
 * caught, by both strategies, in seconds.)
 *
 * <p>{@code size()} is not among the operations: like {@code ConcurrentHashMap.size()} it is exact only while no
 * write is in flight, so it is not linearizable. A write changes a cell by compare-and-set and then the count, two
 * steps; with size() added, Lincheck finds {@code remove} between the two while {@code merge} re-adds the key, and
 * size() reads 2 with one key present. (A first version of this test, on the earlier design with Go's dirty map,
 * also found a remove that unlinked a key from dirty before emptying its cell, so that a new cell for the key could be
 * counted beside the old one; that was a bug, fixed in SyncMap.) The JCStress suites and
 * {@code SyncMapConcurrencyTest} check size at quiescence instead.
 *
 * <p>Run alone: {@code mvn -B -pl map-concurrent -am test -Dtest=SyncMapLincheckTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SyncMapLincheckTest {

    /* ---- Scenario sizes: small enough that each strategy finishes in seconds on 2 cores ---- */

    private static final int ITERATIONS = 15;        // distinct random scenarios per strategy
    private static final int THREADS = 2;            // parallel threads in a scenario
    private static final int ACTORS_PER_THREAD = 3;  // operations each parallel thread runs
    private static final int ACTORS_BEFORE = 2;      // sequential set-up operations, so keys start in either level
    private static final int ACTORS_AFTER = 1;       // sequential operations after the parallel part
    private static final int INTERLEAVINGS = 500;    // model checking: interleavings explored per scenario
    private static final int REPETITIONS = 300;      // stress: runs of each scenario on real threads

    /*
     * Model checking: a loop that runs this many iterations without writing is taken for a spin loop, and Lincheck
     * switches threads (its default is 10); LOOP_BOUND bounds how long such a loop may then run. A promotion hashes
     * every key of both tables, under the lock, in a loop that only reads (so that no key's hashCode runs once the
     * tables are half forwarded): with the defaults, Lincheck took that loop for a spin loop while the other thread
     * waited for the lock, and reported the execution as hung. The scenarios' tables hold at most 64 pairs.
     */
    private static final int LOOP_ITERATIONS = 70;
    private static final int LOOP_BOUND = 1000;

    /* ---- Tests ---- */

    @Test
    void modelChecking() {
        check(SyncMapHarness.class, new ModelCheckingOptions().invocationsPerIteration(INTERLEAVINGS)
                .loopIterationsBeforeThreadSwitch(LOOP_ITERATIONS).loopBound(LOOP_BOUND));
    }

    @Test
    void stress() {
        check(SyncMapHarness.class, new StressOptions().invocationsPerIteration(REPETITIONS));
    }

    @Test
    void findsNonAtomicPutIfAbsent() {
        assertThrows(LincheckAssertionError.class, () -> check(GetThenPutHarness.class,
                new ModelCheckingOptions().invocationsPerIteration(INTERLEAVINGS)));
    }

    private static void check(Class<? extends MapHarness> harness, Options<?, ?> options) {
        options.iterations(ITERATIONS);
        options.threads(THREADS);
        options.actorsPerThread(ACTORS_PER_THREAD);
        options.actorsBefore(ACTORS_BEFORE);
        options.actorsAfter(ACTORS_AFTER);
        options.sequentialSpecification(MapSpec.class);
        for (Function1<DSLScenarioBuilder, Unit> scenario : STATE_SCENARIOS) {
            options.addCustomScenario(scenario);
        }
        options.check(harness);
    }

    /* ---- Scenarios that start from SyncMap's internal states, which random scenarios reach only rarely ---- */

    /*
     * A new key goes into the recent level under the lock; its slot is then read and written lock-free. A promotion
     * copies the snapshot and the recent level into a new snapshot, forwarding each old slot by CAS and dropping
     * deleted keys; it happens when an iteration starts while there is a recent level ("iterate") or when a new key
     * finds the recent level full (a fresh map's takes 12 keys, so FULL puts keys 1..12 and put(13, _) promotes).
     */
    private static final List<Call> FULL = fullRecentLevel();

    private static final List<Function1<DSLScenarioBuilder, Unit>> STATE_SCENARIOS = List.of(
            // An empty (deleted) slot in the snapshot: putIfAbsent and merge race lock-free to fill it.
            scenario(List.of(call("put", 1, 1), call("iterate"), call("remove", 1)),
                    List.of(call("putIfAbsent", 1, 2), call("get", 1)),
                    List.of(call("putIfAbsent", 1, 3), call("merge", 1, 1))),
            // A deleted snapshot key while there is a recent level (key 2): revived by put while another thread reads
            // it and deletes the recent key.
            scenario(List.of(call("put", 1, 1), call("iterate"), call("remove", 1), call("put", 2, 2)),
                    List.of(call("put", 1, 3), call("remove", 2)),
                    List.of(call("get", 1), call("putIfAbsent", 1, 4))),
            // A key in the recent level: remove, merge and putIfAbsent write its slot lock-free.
            scenario(List.of(call("put", 1, 1)),
                    List.of(call("remove", 1), call("get", 1)),
                    List.of(call("merge", 1, 2), call("putIfAbsent", 1, 3))),
            // A key deleted in the recent level (slot empty, key kept): revived lock-free by both threads.
            scenario(List.of(call("put", 1, 1), call("put", 2, 2), call("remove", 1)),
                    List.of(call("put", 1, 3), call("get", 1)),
                    List.of(call("putIfAbsent", 1, 4), call("compute", 1, 1))),
            // Two new keys inserted into one recent level, each thread then reading the other's key.
            scenario(List.of(call("put", 1, 1)),
                    List.of(call("put", 2, 2), call("get", 3)),
                    List.of(call("put", 3, 3), call("get", 2))),
            // A key in the snapshot: the compute family races on its slot lock-free.
            scenario(List.of(call("put", 1, 1), call("iterate")),
                    List.of(call("compute", 1, 1), call("computeIfAbsent", 1, 2)),
                    List.of(call("computeIfPresent", 1, 3), call("replaceIfEquals", 1, 1, 4))),
            // Keys 1 and 2 in the recent level, key 3 in the snapshot: an iteration promotes, forwarding their slots,
            // while put and replace write them lock-free (in the old slot, or after following the marker).
            scenario(List.of(call("put", 3, 3), call("iterate"), call("put", 1, 1), call("put", 2, 2)),
                    List.of(call("iterate"), call("get", 1)),
                    List.of(call("put", 1, 3), call("replaceIfEquals", 2, 2, 4))),
            // Key 1 deleted in the recent level: the promotion by iteration drops it or copies it, whichever comes
            // first of it and the put that revives it.
            scenario(List.of(call("put", 1, 1), call("put", 2, 2), call("remove", 1)),
                    List.of(call("iterate"), call("get", 1)),
                    List.of(call("put", 1, 3), call("remove", 2))),
            // A full recent level: put(13, _) freezes and promotes it while the other thread updates and deletes
            // recent keys lock-free.
            scenario(FULL,
                    List.of(call("put", 13, 1), call("get", 1)),
                    List.of(call("put", 1, 3), call("merge", 2, 2), call("remove", 3))),
            // A full recent level with key 1 deleted: the promotion by the new key drops it or copies it, whichever
            // comes first of it and the putIfAbsent that revives it.
            scenario(concat(FULL, call("remove", 1)),
                    List.of(call("put", 13, 1), call("get", 1)),
                    List.of(call("putIfAbsent", 1, 3), call("get", 13))),
            // Keys 1 and 2 in the snapshot: clear races two loads and a lock-free overwrite. A clear that swept the
            // slots before it published the empty table let a load see key 1 gone and then key 2 still present.
            scenario(List.of(call("put", 1, 1), call("put", 2, 2), call("iterate")),
                    List.of(call("clear")),
                    List.of(call("get", 1), call("get", 2), call("put", 2, 3))),
            // The same keys in the recent level, which clear sweeps after the snapshot.
            scenario(List.of(call("put", 3, 3), call("iterate"), call("put", 1, 1), call("put", 2, 2)),
                    List.of(call("clear")),
                    List.of(call("get", 1), call("get", 2), call("replace", 1, 4))));

    /** Puts keys 1..12, each with value 1, into a fresh map: its first recent level is then full. */
    private static List<Call> fullRecentLevel() {
        List<Call> calls = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            calls.add(call("put", k, 1));
        }
        return List.copyOf(calls);
    }

    private static List<Call> concat(List<Call> calls, Call last) {
        List<Call> all = new ArrayList<>(calls);
        all.add(last);
        return all;
    }

    /** One call of a {@link MapHarness} operation, by name, with its arguments. */
    private record Call(String op, Object... args) {
        KFunction<?> function() {
            for (Method m : MapHarness.class.getMethods()) {
                if (m.getName().equals(op) && m.getParameterCount() == args.length) {
                    return ReflectJvmMapping.getKotlinFunction(m);
                }
            }
            throw new IllegalArgumentException("no operation " + op + " with " + args.length + " arguments");
        }
    }

    private static Call call(String op, Object... args) {
        return new Call(op, args);
    }

    /** {@code init} on one thread, then {@code first} and {@code second} in parallel. */
    private static Function1<DSLScenarioBuilder, Unit> scenario(List<Call> init, List<Call> first, List<Call> second) {
        return b -> {
            b.initial(t -> actors(t, init));
            b.parallel(p -> {
                p.thread(t -> actors(t, first));
                p.thread(t -> actors(t, second));
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        };
    }

    private static Unit actors(DSLThreadScenario thread, List<Call> calls) {
        for (Call c : calls) {
            thread.actor(c.function(), c.args());
        }
        return Unit.INSTANCE;
    }

    /* ---- Harnesses: Lincheck builds one per scenario run with the public no-argument constructor ---- */

    /** The harness under test: a fresh SyncMap. */
    public static final class SyncMapHarness extends MapHarness {
        public SyncMapHarness() {
            super(new SyncMap<>());
        }
    }

    /** The same operations on a map whose putIfAbsent is a get then a put: Lincheck must find the race. */
    public static final class GetThenPutHarness extends MapHarness {
        public GetThenPutHarness() {
            super(new GetThenPutMap());
        }
    }

    /** A ConcurrentHashMap whose putIfAbsent is not atomic. */
    private static final class GetThenPutMap extends ConcurrentHashMap<Integer, Integer> {
        @Override
        public Integer putIfAbsent(Integer key, Integer value) {
            Integer old = get(key);
            if (old == null) {
                put(key, value);
            }
            return old;
        }
    }

    /** The operations Lincheck calls, with the same names and signatures as {@link MapSpec}. */
    @Param(name = "key", gen = IntGen.class, conf = "1:4")
    @Param(name = "value", gen = IntGen.class, conf = "1:4")
    public abstract static class MapHarness {
        private final ConcurrentMap<Integer, Integer> map;

        MapHarness(ConcurrentMap<Integer, Integer> map) {
            this.map = map;
        }

        @Operation
        public Integer get(@Param(name = "key") int key) {
            return map.get(key);
        }

        @Operation
        public Integer put(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.put(key, value);
        }

        @Operation
        public Integer putIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.putIfAbsent(key, value);
        }

        @Operation
        public Integer remove(@Param(name = "key") int key) {
            return map.remove(key);
        }

        @Operation
        public boolean removeIfEquals(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.remove(key, value);
        }

        @Operation
        public Integer replace(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.replace(key, value);
        }

        @Operation
        public boolean replaceIfEquals(@Param(name = "key") int key, @Param(name = "value") int old,
                @Param(name = "value") int neu) {
            return map.replace(key, old, neu);
        }

        @Operation
        public Integer computeIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.computeIfAbsent(key, k -> value);
        }

        @Operation
        public Integer computeIfPresent(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.computeIfPresent(key, MapSpec.removeIfEqualElseReplace(value));
        }

        @Operation
        public Integer compute(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.compute(key, (k, old) -> MapSpec.step(old, value));
        }

        @Operation
        public Integer merge(@Param(name = "key") int key, @Param(name = "value") int value) {
            return map.merge(key, value, MapSpec::mergeStep);
        }

        /**
         * Walks the map and returns nothing: a walk is only weakly consistent, so what it sees is not compared; it is
         * here because starting one promotes SyncMap's recent level, which the other operations then race.
         */
        @Operation
        public void iterate() {
            map.forEach((k, v) -> { });
        }

        /** Empties the map; SyncMap's clear must take effect at one instant, as a HashMap's does in the spec. */
        @Operation
        public void clear() {
            map.clear();
        }
    }

    /* ---- The sequential specification ---- */

    /** The sequential specification: the same operations on a {@link HashMap}. */
    public static final class MapSpec {
        private final Map<Integer, Integer> map = new HashMap<>();

        /** Result of {@code compute} on {@code old}: insert, remove when equal, else add. Pure, as SyncMap needs. */
        static Integer step(Integer old, int value) {
            if (old == null) {
                return value;
            }
            return old == value ? null : old + value;
        }

        /** Remapping of {@code computeIfPresent}: remove when equal to {@code value}, else replace by it. */
        static BiFunction<Integer, Integer, Integer> removeIfEqualElseReplace(int value) {
            return (k, old) -> old == value ? null : value;
        }

        /** Remapping of {@code merge}: remove when both are equal, else add. */
        static Integer mergeStep(Integer old, Integer value) {
            return old.equals(value) ? null : old + value;
        }

        public Integer get(int key) {
            return map.get(key);
        }

        public Integer put(int key, int value) {
            return map.put(key, value);
        }

        public Integer putIfAbsent(int key, int value) {
            return map.putIfAbsent(key, value);
        }

        public Integer remove(int key) {
            return map.remove(key);
        }

        public boolean removeIfEquals(int key, int value) {
            return map.remove(key, value);
        }

        public Integer replace(int key, int value) {
            return map.replace(key, value);
        }

        public boolean replaceIfEquals(int key, int old, int neu) {
            return map.replace(key, old, neu);
        }

        public Integer computeIfAbsent(int key, int value) {
            return map.computeIfAbsent(key, k -> value);
        }

        public Integer computeIfPresent(int key, int value) {
            return map.computeIfPresent(key, removeIfEqualElseReplace(value));
        }

        public Integer compute(int key, int value) {
            return map.compute(key, (k, old) -> step(old, value));
        }

        public Integer merge(int key, int value) {
            return map.merge(key, value, MapSpec::mergeStep);
        }

        public void iterate() {
        }

        public void clear() {
            map.clear();
        }
    }
}
