package io.gomap.core;

/**
 * Whether, and when, a {@link GoMap} gives bucket memory back after deletes.
 *
 * <p>Go's maps never shrink (golang/go#20135): a map that once held a million entries keeps a million entries' worth of
 * buckets after they are deleted, and misses and iteration keep walking them. {@link #NEVER}, the default, keeps that
 * behaviour. {@link #whenSparse(int)} lets a put or remove that leaves the map sparse, while no growth or shrink is
 * under way, start a shrink to half the buckets, carried out incrementally like growth: each later put or remove moves
 * a few buckets, so no single operation pays for the whole map; once it ends, the next such write starts the next
 * halving. {@link GoMap#clear()} goes straight back to the size the map was created for. {@link GoMap#compact()} is
 * the one-step alternative, available under any policy.
 *
 * <p>A shrink never goes below the size the map was created for ({@code hint}), and the thresholds leave a factor of
 * two between shrinking and growing again, so a map whose size hovers around a boundary does not alternate between
 * the two.
 */
public final class ShrinkPolicy {

    /*
     * Overview: a policy is a divisor d (0 for never). A map with 2^B buckets holds up to 6.5 * 2^B entries before it
     * grows; a delete that leaves fewer than 6.5 * 2^B / d entries halves B. With d >= 4 the halved map is at most at
     * load 3.25, half the growth threshold, and the next shrink needs the count to halve again: the hysteresis. The
     * arithmetic lives in threshold(), called by GoMap whenever it installs a new bucket array.
     */

    /** Smallest divisor accepted: halving then leaves the map at most half as loaded as growth requires. */
    public static final int MIN_DIVISOR = 4;

    /** The divisor used by {@link #whenSparse()}: shrink below one eighth of the capacity. */
    public static final int DEFAULT_DIVISOR = 8;

    /** Go's behaviour: the map keeps its buckets after deletes. */
    public static final ShrinkPolicy NEVER = new ShrinkPolicy(0);

    /** Shrink divisor; 0 for {@link #NEVER}. */
    private final int divisor;

    private ShrinkPolicy(int divisor) {
        this.divisor = divisor;
    }

    /**
     * {@return a policy that shrinks when the count falls under one eighth of the capacity ({@code 6.5 * 2^B}
     * entries)}
     */
    public static ShrinkPolicy whenSparse() {
        return new ShrinkPolicy(DEFAULT_DIVISOR);
    }

    /**
     * Shrinks when the count falls under {@code 1 / divisor} of the capacity ({@code 6.5 * 2^B} entries).
     *
     * @param divisor the capacity divided by it is the count under which a map shrinks
     * @return the policy
     * @throws IllegalArgumentException if {@code divisor < MIN_DIVISOR}
     */
    public static ShrinkPolicy whenSparse(int divisor) {
        if (divisor < MIN_DIVISOR) {
            throw new IllegalArgumentException("divisor must be at least " + MIN_DIVISOR + ": " + divisor);
        }
        return new ShrinkPolicy(divisor);
    }

    /** {@return whether this policy ever shrinks a map} */
    public boolean shrinks() {
        return divisor != 0;
    }

    /** {@return the divisor of the capacity under which a map shrinks; 0 for {@link #NEVER}} */
    public int divisor() {
        return divisor;
    }

    /**
     * The count under which a map with {@code 2^log2} buckets, created for {@code 2^minLog2}, starts a shrink: 0
     * (never) when the policy is {@link #NEVER} or the map is at its floor.
     */
    int threshold(int log2, int minLog2) {
        if (divisor == 0 || log2 <= minLog2) {
            return 0;
        }
        // count < 6.5 * 2^log2 / divisor exactly when count < the quotient rounded up: a floor would make a count
        // just under a fractional threshold (6 < 6.5) wait for the next delete.
        long twice = 2L * divisor;
        return (int) ((13L * (1L << log2) + twice - 1) / twice);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShrinkPolicy p && p.divisor == divisor;
    }

    @Override
    public int hashCode() {
        return divisor;
    }

    @Override
    public String toString() {
        return divisor == 0 ? "ShrinkPolicy.NEVER" : "ShrinkPolicy.whenSparse(" + divisor + ")";
    }
}
