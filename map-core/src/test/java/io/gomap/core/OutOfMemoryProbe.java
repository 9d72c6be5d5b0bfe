package io.gomap.core;

/**
 * Run in a JVM of its own with a small heap by {@link GoMapOutOfMemoryTest}: fills maps until the heap runs out,
 * with the keys boxed beforehand so that the maps' own arrays are all that a fill allocates, and checks after each
 * {@link OutOfMemoryError} that the map holds exactly what its completed puts put and still works once memory is
 * back. Each trial holds a different amount of ballast, so that the heap runs out at a different point of the maps'
 * growth. With a fourth argument n, the keys collide in groups of n, so that every evacuation moves whole chains of
 * overflow buckets. Prints one line per trial and exits with status 1 at the first map found wrong.
 */
public final class OutOfMemoryProbe {

    /** Held in a static field: a local the fill no longer reads may be collected by compiled code. */
    private static long[][] ballast;

    private OutOfMemoryProbe() {}

    public static void main(String[] args) {
        int trials = Integer.parseInt(args[0]);
        int keyCount = Integer.parseInt(args[1]);
        int ballastStepKb = Integer.parseInt(args[2]);
        int collisionGroup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Object[] keys = new Object[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = collisionGroup == 0 ? (Object) (i * 31 + 7) : new Collider(i, i / collisionGroup);
        }
        int outOfMemory = 0;
        for (int trial = 0; trial < trials; trial++) {
            try {
                ballast = new long[trial][];
                for (int i = 0; i < trial; i++) {
                    ballast[i] = new long[ballastStepKb * 128];
                }
            } catch (OutOfMemoryError e) {
                // The keys and this much ballast fill the heap on their own (how far depends on the JDK's layout):
                // no map could be tried, and larger ballasts would not fit either.
                ballast = null;
                System.out.println("trial " + trial + ": the ballast alone fills the heap; no more trials");
                break;
            }
            GoMap<Object, Object> m = new GoMap<>(0, DetectorMode.OFF);
            int done = 0;
            boolean failed = false;
            try {
                for (; done < keyCount; done++) {
                    m.put(keys[done], keys[done]);
                }
            } catch (OutOfMemoryError e) {
                failed = true;
            }
            ballast = null;
            String problem = check(m, keys, done, failed);
            if (problem == null && failed) {
                // Memory is back: the map must take the rest of the keys.
                try {
                    for (int i = done; i < keyCount; i++) {
                        m.put(keys[i], keys[i]);
                    }
                    problem = check(m, keys, keyCount, false);
                } catch (RuntimeException e) {
                    problem = "a put once memory was back threw " + e;
                }
            }
            if (failed) {
                outOfMemory++;
            }
            System.out.println("trial " + trial + ": " + (failed ? "out of memory after " + done + " puts" : "no error")
                    + (problem == null ? ", map right" : ", WRONG: " + problem));
            if (problem != null) {
                System.exit(1);
            }
        }
        System.out.println("trials that ran out of memory: " + outOfMemory);
    }

    /** What is wrong with {@code m}, expected to hold the first {@code done} keys (and not the next), or null. */
    private static String check(GoMap<Object, Object> m, Object[] keys, int done, boolean failed) {
        try {
            if (m.size() != done) {
                return "size " + m.size() + " after " + done + " puts";
            }
            for (int i = 0; i < done; i++) {
                if (m.get(keys[i]) != keys[i]) {
                    return "key " + keys[i] + " maps to " + m.get(keys[i]);
                }
            }
            if (failed && m.containsKey(keys[done])) {
                return "the put that failed left key " + keys[done];
            }
            long[] walked = {0};
            m.forEach((k, v) -> walked[0]++);
            if (walked[0] != done) {
                return "an iteration produced " + walked[0] + " entries of " + done;
            }
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** A key whose hash code it shares with the rest of its group: each group fills a chain of overflow buckets. */
    private record Collider(int id, int group) {
        @Override
        public int hashCode() {
            return group;
        }
    }
}
