package io.gomap.snapshot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A check that a candidate snapshot must pass before a {@link SnapshotMap} publishes it.
 *
 * <p>Validators run while the map's writer lock is held, once per candidate, in registration order; the first
 * rejection stops the update. They must not call a writing method ({@code update}, {@code replaceWith},
 * {@code rollback}, {@code rollbackTo}) of the same map.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface SnapshotValidator<K, V> {

    /**
     * Checks a candidate.
     *
     * @param candidate the complete contents that would be published, immutable
     * @return empty to accept, or the reason for the rejection (carried by {@link SnapshotRejectedException}); never
     *         null (the update then fails with {@link NullPointerException} and publishes nothing)
     */
    Optional<String> validate(Map<K, V> candidate);

    /**
     * A validator that accepts the candidates matching {@code test} and rejects the others with {@code reason}.
     *
     * @param <K>    the key type
     * @param <V>    the value type
     * @param test   the condition a candidate must meet
     * @param reason the reason given for a candidate that does not meet it
     * @return the validator
     * @throws NullPointerException if {@code test} or {@code reason} is null
     */
    static <K, V> SnapshotValidator<K, V> of(Predicate<? super Map<K, V>> test, String reason) {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(reason, "reason");
        Optional<String> rejection = Optional.of(reason);
        return candidate -> test.test(candidate) ? Optional.empty() : rejection;
    }
}
