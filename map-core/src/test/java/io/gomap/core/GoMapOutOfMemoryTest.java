package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A put that runs out of memory leaves the map as it was, as {@code HashMap}'s does: every array a growth, an
 * evacuation or a new overflow bucket needs is allocated before anything changes. Checked in a JVM of its own with a
 * 64 MB heap ({@link OutOfMemoryProbe}), where the heap runs out at a different point of the maps' growth in each of
 * its trials.
 */
class GoMapOutOfMemoryTest {

    @Test
    void putThatRunsOutOfMemoryLeavesTheMapAsItWas() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:-UseGCOverheadLimit",
                "-cp", System.getProperty("java.class.path"), OutOfMemoryProbe.class.getName(), "24", "600000", "2048");
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(5, TimeUnit.MINUTES), "probe ended");
        assertEquals(0, probe.exitValue(), output);
        assertTrue(output.contains("trials that ran out of memory: "), output);
        assertTrue(!output.contains("trials that ran out of memory: 0\n"), "some trials ran out of memory:\n" + output);
    }
}
