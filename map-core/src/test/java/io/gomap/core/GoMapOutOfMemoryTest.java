package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A write that runs out of memory leaves the map as it was (where {@code HashMap}'s put inserts before it resizes,
 * and may throw with the entry in): every array a growth, an evacuation or a new overflow bucket needs is allocated
 * before anything changes, and a shrink that cannot get its array is not started. Checked in a JVM of its own with a
 * 64 MB heap ({@link OutOfMemoryProbe}), where the heap runs out at a different point of the maps' growth in each of
 * its trials.
 */
class GoMapOutOfMemoryTest {

    /** How long a probe may run: each takes a few seconds, and under the suite's two-minute limit per test. */
    private static final long PROBE_SECONDS = 90;

    @Test
    void putThatRunsOutOfMemoryLeavesTheMapAsItWas() throws IOException, InterruptedException {
        String output = runProbe(OutOfMemoryProbe.class, "24", "600000", "2048");
        assertTrue(output.contains("trials that ran out of memory: "), output);
        assertTrue(!output.contains("trials that ran out of memory: 0\n"), "some trials ran out of memory:\n" + output);
    }

    /**
     * As above with keys that collide in groups of 64, so that each old bucket's chain is eight buckets long and an
     * evacuation that runs out of memory does so in the middle of moving a chain, unless it takes every overflow
     * bucket the chain needs first.
     */
    @Test
    void evacuationThatRunsOutOfMemoryLeavesTheChainWhole() throws IOException, InterruptedException {
        String output = runProbe(OutOfMemoryProbe.class, "24", "400000", "2048", "64");
        assertTrue(!output.contains("trials that ran out of memory: 0\n"), "some trials ran out of memory:\n" + output);
    }

    /**
     * A remove that takes the count under the shrink threshold starts a shrink, which allocates the half-size array
     * after the key is gone: run out of memory there, and the remove must still either leave the key or complete.
     */
    @Test
    void removeThatStartsAShrinkWithoutMemoryLeavesTheKeyOrCompletes() throws IOException, InterruptedException {
        runProbe(ShrinkProbe.class);
    }

    /**
     * Runs {@code main} in a JVM of its own with a 64 MB heap and returns what it printed, failing unless it exits with
     * status 0 within {@link #PROBE_SECONDS}; a probe that has not ended by then (a heap that grinds in collections
     * instead of running out) is killed, so the test fails with its output rather than waiting on it.
     */
    private static String runProbe(Class<?> main, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:-UseGCOverheadLimit",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("gomap-oom-probe", ".log");
        try {
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = probe.waitFor(PROBE_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                probe.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "probe still running after " + PROBE_SECONDS + " s, killed:\n" + output);
            assertEquals(0, probe.exitValue(), output);
            return output;
        } finally {
            Files.delete(log);
        }
    }

    /** Run in a JVM of its own by {@link #removeThatStartsAShrinkWithoutMemoryLeavesTheKeyOrCompletes}. */
    public static final class ShrinkProbe {

        /** Held in a static field: a local the remove no longer reads may be collected by compiled code. */
        private static long[][] ballast;

        private ShrinkProbe() {}

        public static void main(String[] args) {
            ShrinkPolicy policy = ShrinkPolicy.whenSparse(4);
            GoMap<Integer, Integer> m = new GoMap<>(0, DetectorMode.OFF, policy);
            Integer[] keys = new Integer[300_000];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i;
                m.put(keys[i], keys[i]);
            }
            m.compact(); // no move in progress
            int threshold = policy.threshold(m.stats().log2Buckets(), 0);
            int next = 0;
            while (m.size() > threshold) {
                m.remove(keys[next++]);
            }
            if (m.stats().growing()) {
                System.out.println("setup: a move is in progress");
                System.exit(2);
            }
            Integer victim = keys[next];
            ballast = new long[8192][];
            int n = 0;
            try {
                while (n < ballast.length) {
                    ballast[n++] = new long[8192];
                }
            } catch (OutOfMemoryError e) {
                n--;
            }
            ballast[--n] = null; // 64 KB free for the remove, far less than the half-size array needs
            boolean threw = false;
            Object removed = null;
            try {
                removed = m.remove(victim);
            } catch (OutOfMemoryError e) {
                threw = true;
            }
            ballast = null;
            if (!threw && m.stats().growing()) {
                System.out.println("setup: the shrink got its array, so nothing ran out of memory");
                System.exit(2);
            }
            boolean present = m.containsKey(victim);
            System.out.println("remove threw OutOfMemoryError: " + threw + ", key still present: " + present
                    + ", returned: " + removed);
            if (threw ? !present : present || !victim.equals(removed)) {
                System.out.println("WRONG: the remove "
                        + (threw ? "threw but removed the key" : "returned but left the key"));
                System.exit(1);
            }
            if (m.size() != keys.length - next - 1 + (present ? 1 : 0)) {
                System.out.println("WRONG: size " + m.size());
                System.exit(1);
            }
        }
    }
}
