package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import org.jetbrains.lincheck.LincheckAssertionError;
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
 * instruments the bytecode of SyncMap, GoMap and the JDK locks), and stress runs the scenarios on real threads. A
 * third test runs the same harness on a map whose {@code putIfAbsent} is a get followed by a put, and requires
 * Lincheck to report it: the harness has teeth.
 *
 * <p>{@code size()} is not among the operations: like {@code ConcurrentHashMap.size()} it is exact only while no
 * write is in flight, so it is not linearizable, and Lincheck duly finds a history where it counts a key that a
 * concurrent {@code remove} has already unlinked (with {@code merge} re-adding it: size 2 with one key). The JCStress
 * suites and {@code SyncMapConcurrencyTest} check size at quiescence instead.
 *
 * <p>Run alone: {@code mvn -B -pl map-concurrent -am test -Dtest=SyncMapLincheckTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SyncMapLincheckTest {

    /* ---- Scenario sizes: small enough that each strategy finishes in seconds on 2 cores ---- */

    private static final int ITERATIONS = 20;        // distinct random scenarios per strategy
    private static final int THREADS = 2;            // parallel threads in a scenario
    private static final int ACTORS_PER_THREAD = 3;  // operations each parallel thread runs
    private static final int ACTORS_BEFORE = 2;      // sequential set-up operations, so keys start in dirty or read
    private static final int ACTORS_AFTER = 1;       // sequential operations after the parallel part
    private static final int INVOCATIONS = 500;      // interleavings (model checking) or repetitions (stress) each

    /* ---- Tests ---- */

    @Test
    void modelChecking() {
        check(SyncMapHarness.class, new ModelCheckingOptions().invocationsPerIteration(INVOCATIONS));
    }

    @Test
    void stress() {
        check(SyncMapHarness.class, new StressOptions().invocationsPerIteration(INVOCATIONS));
    }

    @Test
    void findsNonAtomicPutIfAbsent() {
        assertThrows(LincheckAssertionError.class, () -> check(GetThenPutHarness.class,
                new ModelCheckingOptions().invocationsPerIteration(INVOCATIONS)));
    }

    private static void check(Class<? extends MapHarness> harness, Options<?, ?> options) {
        options.iterations(ITERATIONS);
        options.threads(THREADS);
        options.actorsPerThread(ACTORS_PER_THREAD);
        options.actorsBefore(ACTORS_BEFORE);
        options.actorsAfter(ACTORS_AFTER);
        options.sequentialSpecification(MapSpec.class);
        options.check(harness);
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
    }
}
