package io.gomap.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash a {@link GoMap} stores by: the key's {@code hashCode()} mixed with a per-map random seed (Go's
 * {@code hash0}).
 *
 * <p>Both ends of the result are used: the low {@code B} bits pick the bucket and the top 8 bits become the slot's
 * tophash. A multiply by the 32-bit golden-ratio constant spreads every input bit into the bits above it; folding the
 * high half into the low half, as {@code HashMap} does, mixes the low bits as well. Keys whose {@code hashCode()}
 * values are equal still collide, as in Go: they share one bucket chain.
 */
final class Hashing {

    private static final int GOLDEN = 0x9E37_79B9;

    private Hashing() {}

    /** A fresh seed, drawn from the calling thread's generator so that no shared state is written. */
    static int newSeed() {
        return ThreadLocalRandom.current().nextInt();
    }

    static int hash(Object key, int seed) {
        int x = ((key == null ? 0 : key.hashCode()) ^ seed) * GOLDEN;
        return x ^ (x >>> 16);
    }
}
