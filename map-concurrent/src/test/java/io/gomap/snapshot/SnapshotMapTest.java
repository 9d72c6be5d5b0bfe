package io.gomap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SnapshotMapTest {

    /** Records every listener call as text, in order. */
    private static final class Recorder implements SnapshotListener<String, Integer> {
        final List<String> events = new ArrayList<>();

        @Override
        public void published(Snapshot<String, Integer> previous, Snapshot<String, Integer> current) {
            events.add("published " + previous.version() + "->" + current.version());
        }

        @Override
        public void rolledBack(Snapshot<String, Integer> from, Snapshot<String, Integer> to) {
            events.add("rolledBack " + from.version() + "->" + to.version());
        }
    }

    private static Map<String, Integer> with(String key, int value) {
        return Map.of(key, value);
    }

    /* ---------------- Construction and reads ---------------- */

    @Test
    void newMapIsEmptyAtVersionZeroWithDefaultHistory() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        assertTrue(map.isEmpty());
        assertEquals(0, map.size());
        assertEquals(0L, map.version());
        assertEquals(SnapshotMap.DEFAULT_HISTORY_LIMIT, map.historyLimit());
        assertEquals(1, map.history().size());
        assertEquals(Map.of(), map.snapshot().map());
    }

    @Test
    void initialContentsAreCopiedAsVersionZero() {
        Map<String, Integer> source = new HashMap<>(Map.of("a", 1, "b", 2));
        SnapshotMap<String, Integer> map = new SnapshotMap<>(source, 3);
        source.put("c", 3);
        assertEquals(Map.of("a", 1, "b", 2), map);
        assertEquals(0L, map.version());
        assertEquals(3, map.historyLimit());
    }

    @Test
    void historyLimitBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotMap<String, Integer>(0));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotMap<String, Integer>(-1));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotMap<String, Integer>(Map.of(), 0));
    }

    @Test
    void readsAnswerFromTheCurrentSnapshot() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1, "b", 2), 4);
        assertEquals(1, map.get("a"));
        assertNull(map.get("z"));
        assertEquals(9, map.getOrDefault("z", 9));
        assertEquals(2, map.getOrDefault("b", 9));
        assertTrue(map.containsKey("b"));
        assertFalse(map.containsKey("z"));
        assertTrue(map.containsValue(2));
        assertFalse(map.containsValue(3));
        Map<String, Integer> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(Map.of("a", 1, "b", 2), seen);
    }

    /** Contents with two equal keys (an IdentityHashMap's) are refused, as documented, and nothing is published. */
    @Test
    void contentsWithTwoEqualKeysAreRefusedAndNothingIsPublished() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        Map<String, Integer> twoEqualKeys = new IdentityHashMap<>();
        twoEqualKeys.put(new String("k"), 1);
        twoEqualKeys.put(new String("k"), 2);
        assertThrows(IllegalArgumentException.class, () -> map.replaceWith(twoEqualKeys));
        assertThrows(IllegalArgumentException.class, () -> map.update(current -> twoEqualKeys));
        assertEquals(0L, map.version());
        assertEquals(Map.of("a", 1), Map.copyOf(map));
    }

    @Test
    void equalsHashCodeAndToStringFollowMap() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        Map<String, Integer> same = new HashMap<>(Map.of("a", 1));
        assertEquals(map, same);
        assertEquals(same, map);
        assertEquals(same.hashCode(), map.hashCode());
        assertEquals("{a=1}", map.toString());
        assertFalse(map.equals(Map.of("a", 2)));
    }

    /**
     * toString is documented as AbstractMap's, which writes "(this Map)" for a map that is one of its own keys or
     * values (HashMap and GoMap do); a SnapshotMap holding itself must not recurse until the stack overflows.
     */
    @Test
    void toStringOfAMapHoldingItselfSaysThisMap() {
        SnapshotMap<String, Object> map = new SnapshotMap<>();
        map.update(m -> {
            m.put("self", map);
            return m;
        });
        Map<String, Object> hash = new HashMap<>();
        hash.put("self", hash);
        assertEquals(hash.toString(), map.toString());
        assertEquals("{self=(this Map)}", map.toString());
        assertEquals("[{self=(this Map)}]", map.values().toString());
        assertEquals("[self={self=(this Map)}]", map.entrySet().toString());
    }

    /**
     * A view that is one of its own elements is written "(this Collection)", as AbstractCollection's toString writes
     * it and HashMap's views do; the view users hold is an unmodifiable wrapper, which the snapshot's own view does
     * not recognise as itself.
     */
    @Test
    void toStringOfAViewHoldingItselfSaysThisCollection() {
        SnapshotMap<String, Object> map = new SnapshotMap<>();
        map.replaceWith(Map.of("v", map.values()));
        Map<String, Object> hash = new HashMap<>();
        hash.put("v", hash.values());
        assertEquals(hash.values().toString(), map.values().toString());
        assertEquals("[(this Collection)]", map.values().toString());
        assertEquals("{v=[(this Collection)]}", map.toString());
        assertEquals("[v=[(this Collection)]]", map.entrySet().toString());
        map.replaceWith(Map.of("a", 1, "b", 2));
        assertTrue(List.of("[1, 2]", "[2, 1]").contains(map.values().toString()), map.values().toString());
        map.replaceWith(Map.of());
        assertEquals("[]", map.values().toString());
        assertEquals("[]", map.keySet().toString());
    }

    @Test
    void nullsAreRejectedNamingTheArgument() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        assertEquals("key", assertThrows(NullPointerException.class, () -> map.get(null)).getMessage());
        assertEquals("key", assertThrows(NullPointerException.class, () -> map.containsKey(null)).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> map.containsValue(null)).getMessage());
        assertEquals("contents", assertThrows(NullPointerException.class, () -> map.replaceWith(null)).getMessage());
        assertEquals("operator", assertThrows(NullPointerException.class, () -> map.update(null)).getMessage());
        Map<String, Integer> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertTrue(assertThrows(NullPointerException.class, () -> map.replaceWith(nullKey))
                .getMessage().contains("null key"));
        Map<String, Integer> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertTrue(assertThrows(NullPointerException.class, () -> map.replaceWith(nullValue))
                .getMessage().contains("null value for key k"));
        assertThrows(NullPointerException.class, () -> map.update(m -> null));
        assertEquals("test", assertThrows(NullPointerException.class, () -> SnapshotValidator.of(null, "r"))
                .getMessage());
        assertEquals("reason", assertThrows(NullPointerException.class, () -> SnapshotValidator.of(m -> true, null))
                .getMessage());
        assertEquals(0L, map.version(), "nothing published");
    }

    /** The views' bulk reads refuse nulls by name too, as their single reads do, and answer as contains would. */
    @Test
    void viewsBulkReadsNameTheirNulls() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        List<Object> withNull = java.util.Arrays.asList("a", null);
        assertEquals("key", assertThrows(NullPointerException.class,
                () -> map.keySet().containsAll(withNull)).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class,
                () -> map.values().containsAll(java.util.Arrays.asList(1, null))).getMessage());
        assertFalse(map.entrySet().containsAll(java.util.Arrays.asList(Map.entry("a", 1), null)),
                "entrySet().contains(null) is false, and so is containsAll of a collection holding null");
        assertTrue(map.entrySet().containsAll(List.of(Map.entry("a", 1))));
        assertEquals("c", assertThrows(NullPointerException.class, () -> map.keySet().containsAll(null))
                .getMessage());
        assertEquals("a", assertThrows(NullPointerException.class, () -> map.values().toArray((Integer[]) null))
                .getMessage());
    }

    /* ---------------- Read-only Map surface ---------------- */

    @Test
    void everyMapMutatorThrows() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        List<Executable> mutators = List.of(
                () -> map.put("b", 2),
                () -> map.put("a", 1),
                () -> map.putAll(Map.of("b", 2)),
                () -> map.putAll(Map.of()),
                () -> map.remove("a"),
                () -> map.remove("absent"),
                () -> map.remove("a", 1),
                () -> map.clear(),
                () -> map.putIfAbsent("a", 1),
                () -> map.replace("a", 2),
                () -> map.replace("a", 1, 2),
                () -> map.replaceAll((k, v) -> v),
                () -> map.computeIfAbsent("a", k -> 1),
                () -> map.computeIfPresent("absent", (k, v) -> v),
                () -> map.compute("absent", (k, v) -> null),
                () -> map.merge("a", 1, Integer::sum));
        for (Executable m : mutators) {
            assertThrows(UnsupportedOperationException.class, m);
        }
        assertEquals(Map.of("a", 1), map);
        assertEquals(0L, map.version());
    }

    @Test
    void everyViewMutatorThrowsEvenWhenItWouldChangeNothing() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        List<Executable> mutators = List.of(
                () -> map.keySet().remove("a"),
                () -> map.keySet().remove("absent"),
                () -> map.keySet().add("b"),
                () -> map.keySet().addAll(List.of("b")),
                () -> map.keySet().removeAll(List.of("absent")),
                () -> map.keySet().retainAll(List.of("a")),
                () -> map.keySet().removeIf(k -> false),
                () -> map.keySet().clear(),
                () -> map.values().remove(1),
                () -> map.values().add(2),
                () -> map.values().removeAll(List.of(7)),
                () -> map.values().retainAll(List.of(1)),
                () -> map.values().removeIf(v -> false),
                () -> map.values().clear(),
                () -> map.entrySet().remove(Map.entry("a", 1)),
                () -> map.entrySet().add(Map.entry("b", 2)),
                () -> map.entrySet().removeAll(List.of()),
                () -> map.entrySet().retainAll(List.of()),
                () -> map.entrySet().removeIf(e -> false),
                () -> map.entrySet().clear(),
                () -> map.entrySet().iterator().next().setValue(5));
        for (Executable m : mutators) {
            assertThrows(UnsupportedOperationException.class, m);
        }
        assertEquals(Map.of("a", 1), map);
    }

    @Test
    void iteratorRemoveThrowsOnEveryView() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 2);
        for (Iterator<?> it : List.of(map.keySet().iterator(), map.values().iterator(), map.entrySet().iterator())) {
            it.next();
            assertThrows(UnsupportedOperationException.class, it::remove);
        }
        assertThrows(UnsupportedOperationException.class, () -> map.snapshot().map().put("b", 2));
        assertEquals(1, map.size());
    }

    @Test
    void viewsAreLiveButEachIteratorWalksOneSnapshot() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1, "b", 2), 4);
        Iterator<String> before = map.keySet().iterator();
        map.replaceWith(Map.of("x", 10));
        List<String> walked = new ArrayList<>();
        before.forEachRemaining(walked::add);
        assertEquals(2, walked.size());
        assertTrue(walked.containsAll(List.of("a", "b")), "old iterator still walks its snapshot");
        assertEquals(List.of("x"), new ArrayList<>(map.keySet()));
        assertEquals(List.of(10), new ArrayList<>(map.values()));
        assertEquals(1, map.entrySet().size());
        assertTrue(map.entrySet().contains(Map.entry("x", 10)));
        assertFalse(map.entrySet().contains(Map.entry("x", 11)));
        assertFalse(map.entrySet().contains(Map.entry("a", 1)));
        assertTrue(map.keySet().contains("x"));
        assertTrue(map.values().contains(10));
    }

    /**
     * A set of {@code elements} whose iteration, right after producing the first element, publishes {@code next} into
     * {@code map}: a bulk read that walks it sees the map change under it.
     */
    private static Set<Object> publishingAfterFirst(SnapshotMap<String, Integer> map, Map<String, Integer> next,
            Object... elements) {
        return new AbstractSet<>() {
            @Override
            public Iterator<Object> iterator() {
                Iterator<Object> it = List.of(elements).iterator();
                return new Iterator<>() {
                    private boolean published;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Object next() {
                        Object e = it.next();
                        if (!published) {
                            published = true;
                            map.replaceWith(next);
                        }
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return elements.length;
            }
        };
    }

    /**
     * A bulk read answers from the snapshot current when it starts, even when another is published while it runs:
     * {a, x} and {a=1, x=10} were never the contents of any snapshot.
     */
    @Test
    void bulkViewReadsAnswerFromOneSnapshot() {
        Map<String, Integer> ab = Map.of("a", 1, "b", 2);
        Map<String, Integer> xy = Map.of("x", 10, "y", 20);
        SnapshotMap<String, Integer> map = new SnapshotMap<>(ab, 4);
        assertFalse(map.keySet().containsAll(publishingAfterFirst(map, xy, "a", "x")));
        map.replaceWith(ab);
        assertFalse(map.keySet().equals(publishingAfterFirst(map, xy, "a", "x")));
        map.replaceWith(ab);
        assertFalse(map.entrySet().containsAll(publishingAfterFirst(map, xy, Map.entry("a", 1), Map.entry("x", 10))));
        map.replaceWith(ab);
        assertFalse(map.values().containsAll(publishingAfterFirst(map, xy, 1, 10)));
        map.replaceWith(ab);
        assertTrue(map.keySet().containsAll(publishingAfterFirst(map, xy, "a", "b")));
    }

    /* ---------------- update and replaceWith ---------------- */

    @Test
    void updateGivesTheOperatorAMutableCopyAndPublishesItsResult() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 4);
        Snapshot<String, Integer> before = map.snapshot();
        Snapshot<String, Integer> published = map.update(m -> {
            m.put("b", 2);
            m.remove("a");
            return m;
        });
        assertEquals(1L, published.version());
        assertEquals(Map.of("b", 2), published.map());
        assertSame(published, map.snapshot());
        assertEquals(Map.of("b", 2), map);
        assertEquals(Map.of("a", 1), before.map(), "an older snapshot never changes");
    }

    @Test
    void updateCopiesTheMapTheOperatorReturns() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        Map<String, Integer> leaked = new HashMap<>();
        map.update(m -> {
            leaked.put("a", 1);
            return leaked;
        });
        leaked.put("b", 2);
        assertEquals(Map.of("a", 1), map);
    }

    @Test
    void replaceWithPublishesACopyUnderTheNextVersion() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        Map<String, Integer> source = new HashMap<>(Map.of("a", 1));
        assertEquals(1L, map.replaceWith(source).version());
        source.put("b", 2);
        assertEquals(Map.of("a", 1), map);
        assertEquals(2L, map.replaceWith(Map.of()).version());
        assertTrue(map.isEmpty());
    }

    /* ---------------- Validators ---------------- */

    @Test
    void rejectionKeepsTheCurrentSnapshotAndCarriesTheReason() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("a", 1), 4);
        Recorder recorder = new Recorder();
        map.addListener(recorder);
        map.addValidator(SnapshotValidator.of(m -> m.containsKey("a"), "key a is required"));
        Snapshot<String, Integer> before = map.snapshot();

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class,
                () -> map.replaceWith(Map.of("b", 2)));
        assertEquals("key a is required", e.reason());
        assertTrue(e.getMessage().contains("key a is required"));
        e = assertThrows(SnapshotRejectedException.class, () -> map.update(m -> {
            m.remove("a");
            return m;
        }));
        assertEquals("key a is required", e.reason());

        assertSame(before, map.snapshot());
        assertEquals(List.of(before), map.history());
        assertEquals(List.of(), recorder.events, "listeners are not told of rejections");
        assertEquals(1L, map.replaceWith(Map.of("a", 5)).version(), "a rejection uses up no version");
    }

    @Test
    void validatorsRunInOrderAndTheFirstRejectionWins() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        List<String> ran = new ArrayList<>();
        map.addValidator(m -> {
            ran.add("first");
            return m.size() > 1 ? Optional.of("too big") : Optional.empty();
        });
        map.addValidator(m -> {
            ran.add("second");
            return m.containsKey("bad") ? Optional.of("bad key") : Optional.empty();
        });
        map.replaceWith(with("ok", 1));
        assertEquals(List.of("first", "second"), ran);
        ran.clear();
        assertEquals("too big", assertThrows(SnapshotRejectedException.class,
                () -> map.replaceWith(Map.of("bad", 1, "x", 2))).reason());
        assertEquals(List.of("first"), ran);
        assertEquals("bad key", assertThrows(SnapshotRejectedException.class,
                () -> map.replaceWith(with("bad", 1))).reason());
    }

    @Test
    void validatorsSeeTheImmutableCandidate() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        map.addValidator(m -> {
            assertThrows(UnsupportedOperationException.class, () -> m.put("sneaky", 1));
            return Optional.empty();
        });
        map.replaceWith(with("a", 1));
        assertEquals(Map.of("a", 1), map);
    }

    @Test
    void aThrowingValidatorPublishesNothing() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        map.addValidator(m -> {
            throw new IllegalStateException("validator broke");
        });
        assertEquals("validator broke",
                assertThrows(IllegalStateException.class, () -> map.replaceWith(with("a", 1))).getMessage());
        assertEquals(0L, map.version());
        assertTrue(map.isEmpty());
    }

    @Test
    void removedValidatorNoLongerRuns() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        SnapshotValidator<String, Integer> never = m -> Optional.of("never");
        map.addValidator(never);
        assertThrows(SnapshotRejectedException.class, () -> map.replaceWith(with("a", 1)));
        assertTrue(map.removeValidator(never));
        assertFalse(map.removeValidator(never));
        assertEquals(1L, map.replaceWith(with("a", 1)).version());
    }

    /* ---------------- Versions, history and rollback ---------------- */

    @Test
    void historyKeepsTheLastNSnapshotsOldestFirst() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(3);
        for (int i = 1; i <= 5; i++) {
            map.replaceWith(with("v", i));
        }
        List<Snapshot<String, Integer>> h = map.history();
        assertEquals(List.of(3L, 4L, 5L), h.stream().map(Snapshot::version).toList());
        assertEquals(List.of(3, 4, 5), h.stream().map(s -> s.map().get("v")).toList());
        assertSame(map.snapshot(), h.get(2));
        assertThrows(UnsupportedOperationException.class, () -> map.history().clear());
    }

    @Test
    void rollbackRestoresThePreviousSnapshotUnderItsOriginalVersion() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(4);
        Snapshot<String, Integer> v1 = map.replaceWith(with("v", 1));
        map.replaceWith(with("v", 2));
        Snapshot<String, Integer> restored = map.rollback();
        assertSame(v1, restored);
        assertEquals(1L, map.version());
        assertEquals(Map.of("v", 1), map);
        assertEquals(List.of(0L, 1L), map.history().stream().map(Snapshot::version).toList());
        assertEquals(3L, map.replaceWith(with("v", 3)).version(), "version 2 is never given again");
        assertEquals(List.of(0L, 1L, 3L), map.history().stream().map(Snapshot::version).toList());
    }

    @Test
    void rollbackWalksBackThroughHistoryUntilNothingIsLeft() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(Map.of("v", 0), 8);
        map.replaceWith(with("v", 1));
        map.replaceWith(with("v", 2));
        assertEquals(1L, map.rollback().version());
        assertEquals(0L, map.rollback().version());
        assertEquals(Map.of("v", 0), map);
        assertThrows(IllegalStateException.class, map::rollback);
        assertEquals(0L, map.version());
    }

    @Test
    void historyLimitOneKeepsNothingToRollBackTo() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(1);
        map.replaceWith(with("v", 1));
        assertEquals(1, map.history().size());
        assertThrows(IllegalStateException.class, map::rollback);
        assertThrows(IllegalArgumentException.class, () -> map.rollbackTo(0L));
        assertEquals(Map.of("v", 1), map);
    }

    @Test
    void rollbackToJumpsToAnyKeptVersion() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(3);
        for (int i = 1; i <= 4; i++) {
            map.replaceWith(with("v", i));
        }
        assertEquals(2L, map.rollbackTo(2L).version());
        assertEquals(Map.of("v", 2), map);
        assertEquals(List.of(2L), map.history().stream().map(Snapshot::version).toList());
        assertSame(map.snapshot(), map.rollbackTo(2L), "rolling back to the current version changes nothing");
    }

    @Test
    void rollbackToAnUnknownVersionIsRejected() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(2);
        map.replaceWith(with("v", 1));
        map.replaceWith(with("v", 2));
        map.replaceWith(with("v", 3));
        assertThrows(IllegalArgumentException.class, () -> map.rollbackTo(1L), "evicted");
        assertThrows(IllegalArgumentException.class, () -> map.rollbackTo(99L), "never given");
        map.rollback();
        assertThrows(IllegalArgumentException.class, () -> map.rollbackTo(3L), "discarded by a rollback");
        assertEquals(2L, map.version());
    }

    /* ---------------- Listeners ---------------- */

    @Test
    void listenersAreToldOfEveryChangeInOrder() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>(8);
        Recorder recorder = new Recorder();
        map.addListener(recorder);
        map.replaceWith(with("v", 1));
        map.update(m -> m);
        map.rollback();
        map.replaceWith(with("v", 3));
        map.rollbackTo(0L);
        map.rollbackTo(0L);
        assertEquals(List.of("published 0->1", "published 1->2", "rolledBack 2->1", "published 1->3",
                "rolledBack 3->0"), recorder.events);
        assertTrue(map.removeListener(recorder));
        map.replaceWith(with("v", 4));
        assertEquals(5, recorder.events.size());
    }

    @Test
    void aListenerSeesTheChangeAlreadyPublished() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        List<Long> seen = new ArrayList<>();
        map.addListener(new SnapshotListener<>() {
            @Override
            public void published(Snapshot<String, Integer> previous, Snapshot<String, Integer> current) {
                seen.add(map.version());
                seen.add((long) map.get("v"));
            }
        });
        map.replaceWith(with("v", 7));
        assertEquals(List.of(1L, 7L), seen);
    }

    @Test
    void aThrowingListenerDoesNotUndoThePublishNorSilenceTheOthers() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        RuntimeException boom = new IllegalStateException("listener broke");
        map.addListener(new SnapshotListener<>() {
            @Override
            public void published(Snapshot<String, Integer> previous, Snapshot<String, Integer> current) {
                throw boom;
            }
        });
        Recorder recorder = new Recorder();
        map.addListener(recorder);
        List<Throwable> reported = new ArrayList<>();
        Thread current = Thread.currentThread();
        Thread.UncaughtExceptionHandler saved = current.getUncaughtExceptionHandler();
        current.setUncaughtExceptionHandler((t, e) -> reported.add(e));
        try {
            assertEquals(1L, map.replaceWith(with("v", 1)).version());
        } finally {
            current.setUncaughtExceptionHandler(saved);
        }
        assertEquals(Map.of("v", 1), map);
        assertEquals(List.of("published 0->1"), recorder.events);
        assertEquals(List.of(boom), reported);
    }

    @Test
    void callbacksMustNotWriteToTheirOwnMap() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        List<Throwable> refused = new ArrayList<>();
        map.addListener(new SnapshotListener<>() {
            @Override
            public void published(Snapshot<String, Integer> previous, Snapshot<String, Integer> current) {
                refused.add(assertThrows(IllegalStateException.class, () -> map.replaceWith(Map.of())));
                refused.add(assertThrows(IllegalStateException.class, map::rollback));
            }
        });
        assertThrows(IllegalStateException.class, () -> map.update(m -> {
            map.replaceWith(Map.of());
            return m;
        }));
        assertEquals(0L, map.version());
        map.replaceWith(with("v", 1));
        assertEquals(2, refused.size());
        assertEquals(1L, map.version());
        assertEquals(Map.of("v", 1), map);
    }

    @Test
    void snapshotToStringShowsVersionAndSizeOnly() {
        SnapshotMap<String, Integer> map = new SnapshotMap<>();
        assertEquals("Snapshot[version=1, size=2]", map.replaceWith(Map.of("a", 1, "b", 2)).toString());
        assertEquals("reason", assertThrows(NullPointerException.class, () -> new SnapshotRejectedException(null))
                .getMessage());
    }
}
