package io.gomap.modelcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The runner and shrinker the model tests rely on, checked on a property with a known minimal counterexample. */
class ModelCheckTest {

    /** Fails when a 3 comes somewhere before a 7: the minimal failing sequences are exactly [3, 7]. */
    private static final Consumer<List<Integer>> NO_THREE_BEFORE_SEVEN = ops -> {
        int three = ops.indexOf(3);
        if (three >= 0 && ops.subList(three, ops.size()).contains(7)) {
            throw new AssertionError("3 before 7");
        }
    };

    @Test
    void shrinksToTheMinimalSequence() {
        List<Integer> ops = List.of(1, 3, 4, 3, 9, 2, 7, 7, 5, 8);
        ModelCheck.Shrunk<Integer> shrunk = ModelCheck.shrink(ops, NO_THREE_BEFORE_SEVEN, new AssertionError());
        assertEquals(List.of(3, 7), shrunk.ops());
        assertEquals("3 before 7", shrunk.failure().getMessage());
    }

    @Test
    void keepsTheFailureClassWhileShrinking() {
        // Dropping the 0 turns the failure into another kind (IllegalStateException): the shrinker must keep the 0.
        Consumer<List<Integer>> property = ops -> {
            if (!ops.contains(0)) {
                throw new IllegalStateException("no zero");
            }
            if (ops.contains(5)) {
                throw new AssertionError("five");
            }
        };
        ModelCheck.Shrunk<Integer> shrunk = ModelCheck.shrink(List.of(1, 0, 2, 5, 6), property, new AssertionError());
        assertEquals(List.of(0, 5), shrunk.ops());
    }

    @Test
    void shrinksAFailureThatShowsOnlyInSomeRuns() {
        // Like a GoMap bug that needs two keys in one bucket: the failure shows in every other run.
        int[] runs = {0};
        Consumer<List<Integer>> flaky = ops -> {
            if (ops.contains(3) && runs[0]++ % 2 == 1) {
                throw new AssertionError("three");
            }
        };
        ModelCheck.Shrunk<Integer> shrunk = ModelCheck.shrink(List.of(1, 2, 3, 4, 5, 6), flaky, new AssertionError());
        assertEquals(List.of(3), shrunk.ops());
    }

    @Test
    void reportsSeedTryAndShortestSequence() {
        AssertionError e = assertThrows(AssertionError.class, () -> ModelCheck.check(42, 50, ModelCheckTest::draw,
                NO_THREE_BEFORE_SEVEN));
        String m = e.getMessage();
        assertTrue(m.startsWith("model check failed: seed 42, try "), m);
        assertTrue(m.contains("-Dgomap.model.seed=42"), m);
        assertTrue(m.contains("shortest failing sequence: 2 of "), m);
        assertTrue(m.contains(" operations, failing in 20 of 20 reruns\n"), m);
        assertTrue(m.contains("    0  3\n") && m.contains("    1  7\n"), m);
        assertEquals("3 before 7", e.getCause().getMessage());
    }

    @Test
    void passesWhenThePropertyHolds() {
        int[] runs = {0};
        ModelCheck.check(7, 30, ModelCheckTest::draw, ops -> runs[0]++);
        assertEquals(30, runs[0]);
    }

    @Test
    void sameSeedSameSequences() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        ModelCheck.check(11, 5, ModelCheckTest::draw, first::add);
        ModelCheck.check(11, 5, ModelCheckTest::draw, second::add);
        assertEquals(first, second);
    }

    @Test
    void seedsAreTheFixedOnesPlusOneFromTheClock() {
        assumeTrue(System.getProperty(ModelCheck.SEED_PROPERTY) == null, "a seed was chosen on the command line");
        long[] seeds = ModelCheck.seeds(1, 2, 3).toArray();
        assertEquals(4, seeds.length);
        assertEquals(List.of(1L, 2L, 3L), List.of(seeds[0], seeds[1], seeds[2]));
    }

    private static List<Integer> draw(Random r) {
        List<Integer> ops = new ArrayList<>();
        for (int i = r.nextInt(30); i > 0; i--) {
            ops.add(r.nextInt(10));
        }
        return ops;
    }
}
