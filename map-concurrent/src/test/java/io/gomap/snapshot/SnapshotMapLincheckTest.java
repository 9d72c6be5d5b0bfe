package io.gomap.snapshot;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
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
 * Lincheck checks that the writes and reads of {@link SnapshotMap} are linearizable against a sequential
 * specification written from its documentation: small concurrent scenarios on keys 1..3, values 1..2 and versions
 * 0..4 are run, and each observed set of results must match some sequential order of the same operations.
 *
 * <p>The map under test keeps {@value #HISTORY_LIMIT} snapshots and has one validator, which rejects a candidate whose
 * values total more than {@value #MAX_TOTAL}; whether an update passes therefore depends on the snapshot it starts
 * from. The specification ({@link SnapshotSpec}) is a list of kept snapshots and the highest version issued:
 * <ul>
 *   <li>{@code update} (put, add or remove one key) and {@code replaceWith} publish the whole candidate as one new
 *       snapshot, numbered one above the highest version ever issued (also after a rollback discarded newer ones), and
 *       drop the oldest kept snapshot beyond the limit; a rejected candidate publishes nothing and issues no number;</li>
 *   <li>{@code rollback} makes the previous kept snapshot current under its original version and discards the
 *       current one, and fails when only one is kept; {@code rollbackTo(v)} does the same for any kept version,
 *       returns the current snapshot unchanged when {@code v} is current, and fails when {@code v} is not kept (never
 *       published, discarded by a rollback, or dropped by the history limit); neither runs the validator;</li>
 *   <li>{@code get}, {@code containsKey}, {@code size}, {@code version}, {@code snapshot} and {@code history} read the
 *       current snapshot, or the kept ones, in one step.</li>
 * </ul>
 * A write returns the version and contents it published or made current, so a lost or torn update shows in its own
 * result, not only in a later read.
 *
 * <p>Both strategies run: model checking explores thread switches at the map's shared-memory accesses (the volatile
 * state and the writer lock), and stress runs the scenarios on real threads. Besides random scenarios, each strategy
 * runs fixed ones for the races the documentation promises something about: two updates of one key (no lost update),
 * a rollback racing an update that the validator accepts from one snapshot and rejects from the other, a
 * {@code rollbackTo} of the oldest kept version racing the publication that drops it from a full history, rollbacks
 * draining the history while another thread publishes, {@code rollbackTo} of the current version racing a
 * {@code replaceWith}, and a new version after a rollback racing a {@code rollbackTo}. A third test runs the same
 * harness on a wrapper whose update reads the current snapshot and publishes its result with {@code replaceWith},
 * with neither a lock held across the two nor a compare-and-set against the snapshot it read, and requires Lincheck to
 * report it: the harness has teeth.
 *
 * <p>Listeners are not among the operations: they run on the writing thread, not concurrently with anything the
 * specification could order. {@code SnapshotMapTest} checks their order, {@code SnapshotMapConcurrencyTest} that
 * concurrent writers' events form one chain, and the JCStress suites {@code SnapshotMap_*} what a reader sees of a
 * snapshot being published.
 *
 * <p>Run alone: {@code mvn -B -pl map-concurrent -am test -Dtest=SnapshotMapLincheckTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SnapshotMapLincheckTest {

    /* ---- Scenario sizes: small enough that each strategy finishes in seconds on 2 cores ---- */

    private static final int ITERATIONS = 15;        // distinct random scenarios per strategy
    private static final int THREADS = 2;            // parallel threads in a scenario
    private static final int ACTORS_PER_THREAD = 3;  // operations each parallel thread runs
    private static final int ACTORS_BEFORE = 2;      // sequential set-up operations, so the history is not always v0
    private static final int ACTORS_AFTER = 1;       // sequential operations after the parallel part
    private static final int INTERLEAVINGS = 120;    // model checking: interleavings explored per scenario
    private static final int REPETITIONS = 300;      // stress: runs of each scenario on real threads

    /*
     * Every write copies: the operator's HashMap is filled from the current snapshot, Map.copyOf and the null check
     * walk it, so each write runs loops over a 16-bucket table that only read. With Lincheck's default of 10 such
     * iterations before a thread switch, model checking took each walk for a spin loop and switched threads in it,
     * spending its interleavings there ("active lock detected") rather than around the lock and the volatile state:
     * the broken update took 9 s to find, in a random scenario, against under 3 s, in the first fixed one, with the
     * bounds below (SyncMapLincheckTest's), which both model-checking tests use.
     *
     * Model checking costs about 4 ms an interleaving on 2 cores (each write copies the map twice, every access
     * traced), so 500 interleavings, SyncMapLincheckTest's number, took 50 s for the 21 scenarios; 120 keeps the
     * whole class at about 25 s.
     */
    private static final int LOOP_ITERATIONS = 70;
    private static final int LOOP_BOUND = 1000;

    /* ---- The map's configuration, shared by the harness and the specification ---- */

    /** Snapshots kept, the current one included: small, so that a few writes reach the limit. */
    static final int HISTORY_LIMIT = 3;

    /** The validator rejects a candidate whose values total more than this. */
    static final int MAX_TOTAL = 3;

    /** The validator's reason for a rejection. */
    static final String TOO_LARGE = "values must total at most " + MAX_TOTAL;

    /** What a write returns when the validator rejected its candidate, or a rollback found no such snapshot. */
    static final String REJECTED = "rejected";
    static final String NOT_KEPT = "not kept";

    /* ---- Tests ---- */

    @Test
    void modelChecking() {
        check(SnapshotMapHarness.class, modelCheckingOptions());
    }

    @Test
    void stress() {
        check(SnapshotMapHarness.class, new StressOptions().invocationsPerIteration(REPETITIONS));
    }

    @Test
    void findsUpdateWithoutCompareAndSet() {
        assertThrows(LincheckAssertionError.class, () -> check(ReadThenReplaceHarness.class, modelCheckingOptions()));
    }

    private static ModelCheckingOptions modelCheckingOptions() {
        return new ModelCheckingOptions().invocationsPerIteration(INTERLEAVINGS)
                .loopIterationsBeforeThreadSwitch(LOOP_ITERATIONS).loopBound(LOOP_BOUND);
    }

    private static void check(Class<? extends Harness> harness, Options<?, ?> options) {
        options.iterations(ITERATIONS);
        options.threads(THREADS);
        options.actorsPerThread(ACTORS_PER_THREAD);
        options.actorsBefore(ACTORS_BEFORE);
        options.actorsAfter(ACTORS_AFTER);
        options.sequentialSpecification(SnapshotSpec.class);
        for (Function1<DSLScenarioBuilder, Unit> scenario : RACE_SCENARIOS) {
            options.addCustomScenario(scenario);
        }
        options.check(harness);
    }

    /* ---- Scenarios for the races the documentation promises something about ---- */

    private static final List<Function1<DSLScenarioBuilder, Unit>> RACE_SCENARIOS = List.of(
            // Two updates of one key from {1=1}: concurrent updates never lose each other's changes, and take
            // versions 2 and 3 in the order they publish.
            scenario(List.of(call("updatePut", 1, 1)),
                    List.of(call("updateAdd", 1, 1), call("get", 1)),
                    List.of(call("updateAdd", 1, 1), call("snapshot")),
                    List.of(call("history"))),
            // SnapshotMap_02's race: v1 {1=2} is current; adding 2=2 totals 4 from v1 (rejected) and 2 from v0
            // (published as v2), so the update's result depends on whether the rollback came first.
            scenario(List.of(call("updatePut", 1, 2)),
                    List.of(call("updateAdd", 2, 2), call("size")),
                    List.of(call("rollback"), call("containsKey", 2)),
                    List.of(call("history"))),
            // A full history (v1..v3; v0 dropped): rollbackTo(1) races the publication that drops v1.
            scenario(List.of(call("updatePut", 1, 1), call("updatePut", 2, 1), call("updatePut", 3, 1)),
                    List.of(call("rollbackTo", 1), call("version")),
                    List.of(call("updateRemove", 3), call("history")),
                    List.of(call("snapshot"))),
            // Rollbacks drain the history (v0, v1) while the other thread publishes: the second rollback fails or
            // not depending on where the publication falls.
            scenario(List.of(call("updatePut", 1, 1)),
                    List.of(call("rollback"), call("rollback")),
                    List.of(call("updateRemove", 1), call("snapshot")),
                    List.of(call("history"))),
            // v0..v2 kept, v2 current: rollbackTo(2) is a no-op before the replaceWith, a rollback after it, and
            // fails after the rollbackTo(1) that discards v2; the replaceWith's v3 drops v0 from the full history.
            scenario(List.of(call("updatePut", 1, 1), call("updatePut", 2, 1)),
                    List.of(call("rollbackTo", 2), call("get", 2)),
                    List.of(call("replaceWith", 3, 2), call("rollbackTo", 1)),
                    List.of(call("history"))),
            // After a rollback discarded v2, the next publication takes v3, never v2 again, while the other thread
            // rolls back to v0, before or after it.
            scenario(List.of(call("updatePut", 1, 1), call("updatePut", 1, 2), call("rollback")),
                    List.of(call("updateAdd", 2, 1), call("version")),
                    List.of(call("rollbackTo", 0), call("history")),
                    List.of(call("snapshot"))));

    /** One call of a {@link Harness} operation, by name, with its arguments. */
    private record Call(String op, Object... args) {
        KFunction<?> function() {
            for (Method m : Harness.class.getMethods()) {
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

    /** {@code init} on one thread, then {@code first} and {@code second} in parallel, then {@code post}. */
    private static Function1<DSLScenarioBuilder, Unit> scenario(List<Call> init, List<Call> first, List<Call> second,
            List<Call> post) {
        return b -> {
            b.initial(t -> actors(t, init));
            b.parallel(p -> {
                p.thread(t -> actors(t, first));
                p.thread(t -> actors(t, second));
                return Unit.INSTANCE;
            });
            b.post(t -> actors(t, post));
            return Unit.INSTANCE;
        };
    }

    private static Unit actors(DSLThreadScenario thread, List<Call> calls) {
        for (Call c : calls) {
            thread.actor(c.function(), c.args());
        }
        return Unit.INSTANCE;
    }

    /* ---- Results ---- */

    /**
     * A snapshot as an operation's result: its version and contents, compared with {@link Map#equals}, so the
     * harness returns the published map itself and the specification its own copy. Only the failure report formats
     * it, with the contents in key order ({@code Map.copyOf}'s order varies from run to run): {@code 2={1=1, 3=2}}.
     */
    record Seen(long version, Map<Integer, Integer> contents) {
        Seen(Snapshot<Integer, Integer> s) {
            this(s.version(), s.map());
        }

        @Override
        public String toString() {
            return version + "=" + new TreeMap<>(contents);
        }
    }

    /** The kept snapshots, oldest first, as an operation's result. */
    static List<Seen> seen(List<Snapshot<Integer, Integer>> kept) {
        List<Seen> all = new ArrayList<>(kept.size());
        for (Snapshot<Integer, Integer> s : kept) {
            all.add(new Seen(s));
        }
        return all;
    }

    /** Whether the validator accepts {@code candidate}: its values total at most {@value #MAX_TOTAL}. */
    static boolean acceptable(Map<Integer, Integer> candidate) {
        int total = 0;
        for (int v : candidate.values()) {
            total += v;
        }
        return total <= MAX_TOTAL;
    }

    /* ---- Harnesses: Lincheck builds one per scenario run with the public no-argument constructor ---- */

    /** The harness under test: a fresh SnapshotMap, whose update is its own. */
    public static final class SnapshotMapHarness extends Harness {
        public SnapshotMapHarness() {
            super(new SnapshotMap<>(HISTORY_LIMIT));
        }
    }

    /**
     * The same operations, with an update that reads the current snapshot, applies the operator to a copy and
     * publishes the result with replaceWith: the two steps are not atomic, so Lincheck must find an update lost
     * between them.
     */
    public static final class ReadThenReplaceHarness extends Harness {
        public ReadThenReplaceHarness() {
            super(new SnapshotMap<>(HISTORY_LIMIT));
        }

        @Override
        Snapshot<Integer, Integer> update(UnaryOperator<Map<Integer, Integer>> operator) {
            Snapshot<Integer, Integer> read = map.snapshot();
            return map.replaceWith(operator.apply(new HashMap<>(read.map())));
        }
    }

    /** The operations Lincheck calls, with the same names and signatures as {@link SnapshotSpec}. */
    @Param(name = "key", gen = IntGen.class, conf = "1:3")
    @Param(name = "value", gen = IntGen.class, conf = "1:2")
    @Param(name = "version", gen = IntGen.class, conf = "0:4")
    public abstract static class Harness {
        final SnapshotMap<Integer, Integer> map;

        Harness(SnapshotMap<Integer, Integer> map) {
            this.map = map;
            map.addValidator(SnapshotValidator.of(SnapshotMapLincheckTest::acceptable, TOO_LARGE));
        }

        /** The update under test: {@link SnapshotMap#update}, or a broken stand-in. */
        Snapshot<Integer, Integer> update(UnaryOperator<Map<Integer, Integer>> operator) {
            return map.update(operator);
        }

        private Object publish(UnaryOperator<Map<Integer, Integer>> operator) {
            try {
                return new Seen(update(operator));
            } catch (SnapshotRejectedException e) {
                return REJECTED;
            }
        }

        /** Updates with an operator that maps {@code key} to {@code value}. */
        @Operation
        public Object updatePut(@Param(name = "key") int key, @Param(name = "value") int value) {
            return publish(m -> {
                m.put(key, value);
                return m;
            });
        }

        /** Updates with an operator that adds {@code value} to {@code key}'s value (a read-modify-write). */
        @Operation
        public Object updateAdd(@Param(name = "key") int key, @Param(name = "value") int value) {
            return publish(m -> {
                m.merge(key, value, Integer::sum);
                return m;
            });
        }

        /** Updates with an operator that removes {@code key}. */
        @Operation
        public Object updateRemove(@Param(name = "key") int key) {
            return publish(m -> {
                m.remove(key);
                return m;
            });
        }

        /** Replaces the contents with the single entry {@code key=value}. */
        @Operation
        public Object replaceWith(@Param(name = "key") int key, @Param(name = "value") int value) {
            try {
                return new Seen(map.replaceWith(Map.of(key, value)));
            } catch (SnapshotRejectedException e) {
                return REJECTED;
            }
        }

        @Operation
        public Object rollback() {
            try {
                return new Seen(map.rollback());
            } catch (IllegalStateException e) {
                return NOT_KEPT;
            }
        }

        @Operation
        public Object rollbackTo(@Param(name = "version") int version) {
            try {
                return new Seen(map.rollbackTo(version));
            } catch (IllegalArgumentException e) {
                return NOT_KEPT;
            }
        }

        @Operation
        public Integer get(@Param(name = "key") int key) {
            return map.get(key);
        }

        @Operation
        public boolean containsKey(@Param(name = "key") int key) {
            return map.containsKey(key);
        }

        @Operation
        public int size() {
            return map.size();
        }

        @Operation
        public long version() {
            return map.version();
        }

        /** The current snapshot, version and contents read together. */
        @Operation
        public Seen snapshot() {
            return new Seen(map.snapshot());
        }

        /** The kept snapshots, oldest first, read in one step. */
        @Operation
        public List<Seen> history() {
            return seen(map.history());
        }
    }

    /* ---- The sequential specification ---- */

    /**
     * The sequential specification, from SnapshotMap's documentation: the kept snapshots, oldest first and the
     * current one last, and the highest version issued so far.
     */
    public static final class SnapshotSpec {
        private final List<Snapshot<Integer, Integer>> kept = new ArrayList<>(List.of(new Snapshot<>(0, Map.of())));
        private long lastIssued;

        private Snapshot<Integer, Integer> current() {
            return kept.get(kept.size() - 1);
        }

        /** Validates the candidate; publishes it under the next version, keeping at most HISTORY_LIMIT snapshots. */
        private Object publish(Map<Integer, Integer> candidate) {
            if (!acceptable(candidate)) {
                return REJECTED;
            }
            Snapshot<Integer, Integer> next = new Snapshot<>(++lastIssued, Map.copyOf(candidate));
            kept.add(next);
            if (kept.size() > HISTORY_LIMIT) {
                kept.remove(0);
            }
            return new Seen(next);
        }

        /** Goes back to kept snapshot {@code index}, discarding the newer ones; issues no version. */
        private Seen rollBackTo(int index) {
            kept.subList(index + 1, kept.size()).clear();
            return new Seen(current());
        }

        private Map<Integer, Integer> contents() {
            return new HashMap<>(current().map());
        }

        public Object updatePut(int key, int value) {
            Map<Integer, Integer> m = contents();
            m.put(key, value);
            return publish(m);
        }

        public Object updateAdd(int key, int value) {
            Map<Integer, Integer> m = contents();
            m.merge(key, value, Integer::sum);
            return publish(m);
        }

        public Object updateRemove(int key) {
            Map<Integer, Integer> m = contents();
            m.remove(key);
            return publish(m);
        }

        public Object replaceWith(int key, int value) {
            return publish(Map.of(key, value));
        }

        public Object rollback() {
            return kept.size() < 2 ? NOT_KEPT : rollBackTo(kept.size() - 2);
        }

        public Object rollbackTo(int version) {
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).version() == version) {
                    return rollBackTo(i); // discards nothing when version is the current one
                }
            }
            return NOT_KEPT;
        }

        public Integer get(int key) {
            return current().map().get(key);
        }

        public boolean containsKey(int key) {
            return current().map().containsKey(key);
        }

        public int size() {
            return current().map().size();
        }

        public long version() {
            return current().version();
        }

        public Seen snapshot() {
            return new Seen(current());
        }

        public List<Seen> history() {
            return seen(kept);
        }
    }
}
