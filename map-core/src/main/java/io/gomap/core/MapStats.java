package io.gomap.core;

/**
 * A picture of a {@link GoMap}'s internals, for diagnosing maps that grew large and then lost most of their entries.
 *
 * <p>Go's maps never shrink: after deleting 90% of the entries, {@code buckets} and {@code overflowBuckets} stay
 * where they were and {@code tombstones} counts the emptied slots that probes must still look past (a delete that
 * empties the rest of a chain marks its run of empty slots as ending probes instead, so these are not all of them:
 * a map emptied by deletes has none). Iteration still walks every bucket, and lookups that miss walk their chains,
 * until {@link GoMap#compact()} or a {@link ShrinkPolicy} gives them back.
 *
 * @param count            entries in the map
 * @param log2Buckets      B: the map has {@code 2^B} main buckets
 * @param buckets          main buckets ({@code 2^B})
 * @param overflowBuckets  overflow buckets chained behind main buckets, in the current and (while growing) old array
 * @param tombstones       deleted slots still marked {@code emptyOne}: empty, but a probe must look past them
 * @param growing          whether an incremental growth (or, under a {@link ShrinkPolicy}, a shrink) is in progress
 * @param sameSizeGrow     whether that growth keeps B and only compacts overflow chains
 * @param oldBuckets       main buckets of the old array while growing, else 0
 * @param evacuatedBuckets old buckets already moved to the new array while growing, else 0
 * @param loadFactor       {@code count / buckets}; growth doubles the array when an insert would pass 6.5 (8 in a
 *                         map of one bucket)
 */
public record MapStats(
        int count,
        int log2Buckets,
        int buckets,
        int overflowBuckets,
        int tombstones,
        boolean growing,
        boolean sameSizeGrow,
        int oldBuckets,
        int evacuatedBuckets,
        double loadFactor) {

    /** {@return whether the move in progress is a shrink: the old array has more buckets than the new one} */
    public boolean shrinking() {
        return growing && oldBuckets > buckets;
    }
}
