package io.gomap.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.LongStream;

/**
 * Seeded model checking with plain JUnit 5: a test draws random operation sequences from a seed, applies each to the
 * map under test and to a reference map, and compares them step by step; on the first failing sequence this class
 * shrinks it and reports the shortest failing sequence with the seed that reproduces it.
 *
 * <p>Use from a {@code @ParameterizedTest} whose {@code @MethodSource} returns {@link #seeds(long...)}: a fixed list
 * (the same sequences on every run) plus one seed from the clock (new sequences on every run). A failure message
 * names its seed; {@code -Dgomap.model.seed=<seed>} then runs that seed alone.
 *
 * <p>Shrinking drops operations while the failure persists, delta-debugging style: first halves of the sequence,
 * then quarters, down to single operations, until no single operation can be dropped. A candidate "still fails" when
 * the property throws the same exception class as the original failure, so shrinking does not wander to another bug.
 * Operation values are not simplified: sequences are short once the irrelevant operations are gone.
 *
 * <p>The maps under test are not fully deterministic: a GoMap draws its hash seed and each iteration's start at
 * random, as Go's map does, so whether a bug shows can depend on which keys share a bucket. Shrinking therefore runs
 * each candidate up to {@value #SHRINK_ATTEMPTS} times and keeps it only if it fails in half of the runs, or, while no
 * sequence so far did, as often as the most reliable one so far: a reliable reproducer is not traded for a flaky
 * one. The report says in how many of {@value #REPRO_RUNS} reruns the shortest sequence fails.
 *
 * <p>Shared by the model tests of map-core and (through map-core's test jar) map-concurrent.
 */
public final class ModelCheck {

    /** System property that replaces the seeds with the one it names, to rerun a reported failure. */
    public static final String SEED_PROPERTY = "gomap.model.seed";

    /** Runs of a candidate sequence while shrinking, to compare how often it fails with its parent. */
    static final int SHRINK_ATTEMPTS = 8;

    /** Reruns of the shortest sequence, to report how reliably it reproduces the failure. */
    static final int REPRO_RUNS = 20;

    private ModelCheck() {}

    /**
     * Returns the seeds the project's model tests share, as {@link #seeds(long...)} does for its own list; a test
     * names it as {@code @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")}.
     *
     * @return the seeds to run, in order
     */
    public static LongStream seeds() {
        return seeds(1, 2, 3, 5, 8, 13, 21, 0x5EED_CAFEL);
    }

    /**
     * Returns the seeds a model test runs: {@code fixed} followed by one seed from the clock, or only the seed in
     * the system property {@value #SEED_PROPERTY} when it is set.
     *
     * @param fixed seeds run on every build
     * @return the seeds to run, in order
     */
    public static LongStream seeds(long... fixed) {
        String chosen = System.getProperty(SEED_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return LongStream.of(Long.parseLong(chosen.trim()));
        }
        return LongStream.concat(LongStream.of(fixed), LongStream.of(System.nanoTime()));
    }

    /**
     * Draws one operation sequence: {@code min} to {@code max} operations, each drawn by {@code draw}.
     *
     * @param random the sequence's source of randomness
     * @param min    the fewest operations
     * @param max    the most operations
     * @param draw   draws one operation
     * @param <O>    the operation type
     * @return the sequence
     */
    public static <O> List<O> sequence(Random random, int min, int max, Function<Random, O> draw) {
        int n = min + random.nextInt(max - min + 1);
        List<O> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(draw.apply(random));
        }
        return ops;
    }

    /**
     * Draws {@code tries} sequences from {@code seed} and runs {@code property} on each; the property throws (an
     * {@link AssertionError} as a rule) when the map under test and the reference disagree. On the first failure the
     * sequence is shrunk and an {@link AssertionError} reports the seed, the try, the shortest failing sequence and
     * its failure (as the message's last line and as the cause).
     *
     * @param <O>       the operation type; its {@code toString} is the reproducer's text, one line per operation
     * @param seed      the seed of all sequences
     * @param tries     how many sequences to draw
     * @param generator draws one sequence from a random source
     * @param property  applies a sequence to fresh maps and throws on the first disagreement
     */
    public static <O> void check(
            long seed, int tries, Function<Random, List<O>> generator, Consumer<List<O>> property) {
        Random random = new Random(seed);
        for (int t = 1; t <= tries; t++) {
            List<O> ops = List.copyOf(generator.apply(random));
            Throwable failure = failureOf(property, ops);
            if (failure != null) {
                throw report(seed, t, tries, ops, property, failure);
            }
        }
    }

    /**
     * Returns one of {@code values}, each drawn with probability proportional to its weight.
     *
     * @param <T>    the value type
     * @param random the random source
     * @param values the values to choose from
     * @param weight each value's weight, zero or more
     * @return the value drawn
     */
    public static <T> T pick(Random random, T[] values, ToIntFunction<T> weight) {
        int total = 0;
        for (T v : values) {
            total += weight.applyAsInt(v);
        }
        int r = random.nextInt(total);
        for (T v : values) {
            r -= weight.applyAsInt(v);
            if (r < 0) {
                return v;
            }
        }
        throw new AssertionError("weights changed while picking");
    }

    /**
     * Returns {@code value}, or null with probability {@code nullChance}.
     *
     * @param <T>        the value type
     * @param random     the random source
     * @param nullChance the probability of null, from 0 to 1
     * @param value      the value returned otherwise
     * @return {@code value} or null
     */
    public static <T> T orNull(Random random, double nullChance, T value) {
        return random.nextDouble() < nullChance ? null : value;
    }

    /**
     * Shrinks a failing sequence: drops runs of operations, then single operations, while {@code property} still
     * fails with the class of {@code failure} (in half of {@value #SHRINK_ATTEMPTS} runs, or as often as the most
     * reliable sequence so far if none did). The result is 1-minimal: dropping any one of its operations makes the
     * failure go away, change class or show less often.
     *
     * @param <O>      the operation type
     * @param ops      a sequence on which {@code property} fails
     * @param property the property
     * @param failure  its failure on {@code ops}
     * @return the shortest failing sequence found and its failure
     */
    public static <O> Shrunk<O> shrink(List<O> ops, Consumer<List<O>> property, Throwable failure) {
        Class<?> kind = failure.getClass();
        List<O> current = ops;
        Tally first = tally(property, ops, kind, 1);
        int best = Math.max(1, first.failures());
        Throwable currentFailure = first.failure() != null ? first.failure() : failure;
        int chunk = Math.max(1, current.size() / 2);
        while (true) {
            boolean dropped = false;
            for (int start = 0; start < current.size(); ) {
                List<O> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                int bar = Math.min(best, SHRINK_ATTEMPTS / 2);
                Tally t = tally(property, candidate, kind, bar);
                if (t.failures() >= bar) {
                    current = List.copyOf(candidate);
                    currentFailure = t.failure();
                    best = Math.max(best, t.failures());
                    dropped = true;
                } else {
                    start += chunk;
                }
            }
            if (!dropped) {
                if (chunk == 1) {
                    return new Shrunk<>(current, currentFailure);
                }
                chunk /= 2;
            }
        }
    }

    /**
     * A shrunk failing sequence.
     *
     * @param <O>     the operation type
     * @param ops     the shortest failing sequence found
     * @param failure what the property threw on it
     */
    public record Shrunk<O>(List<O> ops, Throwable failure) {}

    private static <O> AssertionError report(
            long seed, int t, int tries, List<O> ops, Consumer<List<O>> property, Throwable failure) {
        Shrunk<O> shrunk = shrink(ops, property, failure);
        int reproduced = 0;
        for (int run = 0; run < REPRO_RUNS; run++) {
            Throwable f = failureOf(property, shrunk.ops());
            if (f != null && f.getClass() == failure.getClass()) {
                reproduced++;
            }
        }
        StringBuilder text = new StringBuilder()
                .append("model check failed: seed ").append(seed).append(", try ").append(t).append(" of ")
                .append(tries).append(" (rerun: -D").append(SEED_PROPERTY).append('=').append(seed).append(")\n")
                .append("shortest failing sequence: ").append(shrunk.ops().size()).append(" of ").append(ops.size())
                .append(" operations, failing in ").append(reproduced).append(" of ").append(REPRO_RUNS)
                .append(" reruns\n");
        for (int i = 0; i < shrunk.ops().size(); i++) {
            text.append(String.format("  %3d  %s%n", i, shrunk.ops().get(i)));
        }
        text.append("failure: ").append(shrunk.failure());
        return new AssertionError(text.toString(), shrunk.failure());
    }

    /** How many of {@value #SHRINK_ATTEMPTS} runs failed with the expected class, and the last such failure. */
    private record Tally(int failures, Throwable failure) {}

    /**
     * Runs {@code ops} {@value #SHRINK_ATTEMPTS} times, counting failures of class {@code kind}; stops early once
     * fewer than {@code bar} failures remain possible.
     */
    private static <O> Tally tally(Consumer<List<O>> property, List<O> ops, Class<?> kind, int bar) {
        int failures = 0;
        Throwable last = null;
        for (int run = 0; run < SHRINK_ATTEMPTS && failures + SHRINK_ATTEMPTS - run >= bar; run++) {
            Throwable f = failureOf(property, ops);
            if (f != null && f.getClass() == kind) {
                failures++;
                last = f;
            }
        }
        return new Tally(failures, last);
    }

    private static <O> Throwable failureOf(Consumer<List<O>> property, List<O> ops) {
        try {
            property.accept(ops);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }
}
