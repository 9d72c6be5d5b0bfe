package io.gomap.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.modelcheck.ModelCheck;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SyncMap's whole API against ConcurrentHashMap: random operation sequences applied to both, single-threaded, which
 * must agree on every result (a value, or the class of the exception thrown) and after every step on size, isEmpty
 * and the step's key; at CHECK steps and at the end on everything a reader can see (contents through the entry
 * iterator, range, forEach and a lookup of every key; equals, hashCode and toString of the map, its key and entry
 * views and its entries; the values; split spliterators and streams). Go's verbs are compared with their
 * ConcurrentHashMap equivalents: Load is get, Store and Swap put, LoadOrStore putIfAbsent (its LoadResult built from
 * the answer), LoadAndDelete and Delete remove, CompareAndSwap and CompareAndDelete replace and remove of a value.
 *
 * <p>What {@link SyncMapModelTest} leaves out: keys whose hashes the sequence chooses ({@link Hashing}: distinct, all
 * equal, seven buckets, or low bits all zero); values equal but never identical; compute functions and replaceAll
 * functions that return null, throw, return the value they were given, or read the map (a lookup, size, containsValue,
 * an iteration, a stream, forEach: under the lock such a walk uses a private table, outside it promotes); putAll,
 * getOrDefault, LoadAndDelete, Delete and LoadOrStore's value; range stopped early or deleting as it goes; the views'
 * removals (by key, value, entry, predicate and collection), their iterators' remove, Entry.setValue and toArray; 62
 * calls with a null argument, against ConcurrentHashMap and, where SyncMap names the argument, by its name; runs of new
 * keys and deletes, sampled misses and explicit promotions, so that recent levels holding deleted keys are promoted.
 * Each seed draws {@value #TRIES} sequences of up to {@value #MAX_OPS} operations; a failure is shrunk and reported
 * with its seed (see {@link ModelCheck}).
 */
class SyncMapApiModelTest {

    private static final int TRIES = 30;
    private static final int MAX_OPS = 300;

    /** Key ids run from 0 to {@value} - 1; three keys in four are hot, from 0 to {@value #HOT_KEYS} - 1. */
    private static final int KEY_SPACE = 512;
    private static final int HOT_KEYS = 8;

    /** Values run from 0 to {@value} - 1, so that values collide. */
    private static final int VALUES = 5;

    /** The longest run of PUT_RUN and REMOVE_RUN. */
    private static final int MAX_RUN = 120;

    /** The most parts a view's spliterator is split into. */
    private static final int MAX_PARTS = 16;

    /** How a key's hash follows from its id. */
    enum Hashing {
        DISTINCT, SAME, SEVEN_BUCKETS, LOW_BITS_ZERO;

        int hash(int id) {
            return switch (this) {
                case DISTINCT -> id;
                case SAME -> 42;
                case SEVEN_BUCKETS -> id % 7;
                case LOW_BITS_ZERO -> id << 16;
            };
        }
    }

    /** A key with the sequence's hashing; printed with its hash unless the hashing is DISTINCT. */
    record Key(int id, Hashing hashing) {
        @Override
        public int hashCode() {
            return hashing.hash(id);
        }

        /** The key {@code d} ids further, wrapping around the key space. */
        Key plus(int d) {
            return new Key((id + d) % KEY_SPACE, hashing);
        }

        @Override
        public String toString() {
            return hashing == Hashing.DISTINCT ? "K" + id : "K" + id + "#" + hashCode();
        }
    }

    /** A value; every use makes a new instance, so the two maps never share one. */
    record Val(int n) {
        @Override
        public String toString() {
            return "V" + n;
        }
    }

    /** One element of a collection argument: a key, its value, or both as an entry. */
    record Item(Key key, int value) {
        Val val() {
            return new Val(value);
        }

        Map.Entry<Key, Val> entry() {
            return new AbstractMap.SimpleEntry<>(key, val());
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /** Thrown by a function given to the map: it must reach the caller and leave the map as it was. */
    private static final class FunctionThrew extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FunctionThrew() {
            super(null, null, false, false);
        }
    }

    /**
     * What a function given to the compute family or replaceAll answers for a key holding {@code old}; the reading
     * functions answer null when what they read is 3 mod 7, else a value made of it and {@code old}.
     */
    enum Fn {
        /** null: remove the key, or leave it absent. */
        NULL,
        /** A new value from {@code old} and the operation's value. */
        NEXT,
        /** Throws {@link FunctionThrew}. */
        THROW,
        /** {@code old} itself. */
        SAME,
        /** Reads the value of another key. */
        READ_KEY,
        /** Reads the size, and whether another key is present. */
        READ_SIZE,
        /** Reads containsValue. */
        READ_VALUES,
        /** Iterates the entries. */
        ITERATE,
        /** Streams the keys. */
        STREAM_KEYS,
        /** Walks the map with forEach. */
        FOR_EACH;

        /**
         * The functions replaceAll may be given: none reads another key's value, which replaceAll changes in an order
         * of its own, and THROW and NULL fail on the first key, before anything changed.
         */
        static final Fn[] FOR_REPLACE_ALL = {NULL, NEXT, THROW, SAME, READ_SIZE, STREAM_KEYS};
    }

    /** The operations; the weights set how often each is drawn. */
    enum Kind {
        // Go's verbs
        LOAD(3), STORE(6), LOAD_OR_STORE(4), LOAD_AND_DELETE(3), DELETE(3), SWAP(3), COMPARE_AND_SWAP(3),
        COMPARE_AND_DELETE(3), RANGE(2), RANGE_DELETING(1),
        // Map and ConcurrentMap methods
        GET_OR_DEFAULT(2), PUT(4), PUT_IF_ABSENT(2), REMOVE(2), REMOVE_IF_VALUE(2), REPLACE(3), REPLACE_IF_VALUE(2),
        CONTAINS_VALUE(1), PUT_ALL(2), CLEAR(1), COMPUTE(4), COMPUTE_IF_ABSENT(4), COMPUTE_IF_PRESENT(3), MERGE(3),
        REPLACE_ALL(2),
        // the views
        KEYS_CONTAINS(1), KEYS_REMOVE(2), VALUES_CONTAINS(1), VALUES_REMOVE(2), ENTRIES_CONTAINS(1),
        ENTRIES_REMOVE(2), KEYS_REMOVE_IF(1), VALUES_REMOVE_IF(1), ENTRIES_REMOVE_IF(1), KEYS_REMOVE_ALL(1),
        KEYS_RETAIN_ALL(1), VALUES_REMOVE_ALL(1), VALUES_RETAIN_ALL(1), ENTRIES_REMOVE_ALL(1), ENTRIES_RETAIN_ALL(1),
        TO_ARRAY(2), ITERATOR_REMOVE(2), SET_VALUE(2),
        // null arguments, bulk writes, the miss machinery, whole-map checks
        NULL_ARGUMENT(4), PUT_RUN(6), REMOVE_RUN(2), PROMOTE(2), MISSES(1), CHECK(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /**
     * One operation. {@code value} is a value (or, for RANGE, how many keys to visit); {@code other} is, by kind, a
     * second value or the id of a key a function reads (0 to 4), a run's length, a view (0 keys, 1 values, 2 entries,
     * and for CLEAR 3 the map), an entry probe (0 not an entry, 3 a null value), the index of a {@link NullCall}, and
     * for collection arguments a list when even, a set when odd.
     */
    record Op(Kind kind, Key key, int value, int other, Fn fn, List<Item> items) {
        static Op draw(Random r, Hashing hashing) {
            Kind kind = ModelCheck.pick(r, Kind.values(), k -> k.weight);
            int other = switch (kind) {
                case PUT_RUN, REMOVE_RUN -> r.nextInt(MAX_RUN + 1);
                case NULL_ARGUMENT -> r.nextInt(NULL_CALLS.size());
                case TO_ARRAY, ITERATOR_REMOVE -> r.nextInt(3);
                case CLEAR, ENTRIES_CONTAINS, ENTRIES_REMOVE -> r.nextInt(4);
                default -> r.nextInt(VALUES);
            };
            Fn fn = switch (kind) {
                case COMPUTE, COMPUTE_IF_ABSENT, COMPUTE_IF_PRESENT, MERGE ->
                        Fn.values()[r.nextInt(Fn.values().length)];
                case REPLACE_ALL -> Fn.FOR_REPLACE_ALL[r.nextInt(Fn.FOR_REPLACE_ALL.length)];
                default -> null;
            };
            List<Item> items = switch (kind) {
                case PUT_ALL, KEYS_REMOVE_ALL, KEYS_RETAIN_ALL, VALUES_REMOVE_ALL, VALUES_RETAIN_ALL,
                        ENTRIES_REMOVE_ALL, ENTRIES_RETAIN_ALL -> drawItems(r, hashing);
                default -> List.of();
            };
            return new Op(kind, drawKey(r, hashing), r.nextInt(VALUES), other, fn, items);
        }

        Val val() {
            return new Val(value);
        }

        Val otherVal() {
            return new Val(other);
        }

        Key otherKey() {
            return new Key(other, key.hashing());
        }

        /** The items as a map, a later item winning over an earlier one with the same key. */
        Map<Key, Val> itemMap() {
            Map<Key, Val> m = new LinkedHashMap<>();
            items.forEach(i -> m.put(i.key(), i.val()));
            return m;
        }

        /** The items' elements, in a list or a set. */
        <T> Collection<T> collection(Function<Item, T> element) {
            Collection<T> c = other % 2 == 0 ? new ArrayList<>() : new HashSet<>();
            items.forEach(i -> c.add(element.apply(i)));
            return c;
        }

        /** What ENTRIES_CONTAINS and ENTRIES_REMOVE look for: not an entry, an entry, or one with a null value. */
        Object probe() {
            return switch (other) {
                case 0 -> "not an entry";
                case 3 -> new AbstractMap.SimpleEntry<Key, Val>(key, null);
                default -> new AbstractMap.SimpleEntry<>(key, val());
            };
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + value + " " + other + (fn == null ? "" : " " + fn)
                    + (items.isEmpty() ? "" : " " + items)
                    + (kind == Kind.NULL_ARGUMENT ? " " + NULL_CALLS.get(other) : "");
        }
    }

    private static Key drawKey(Random r, Hashing hashing) {
        return new Key(r.nextInt(4) == 0 ? r.nextInt(KEY_SPACE) : r.nextInt(HOT_KEYS), hashing);
    }

    /** Up to 5 items, or one time in eight up to 39 (so that the collection may outnumber the map). */
    private static List<Item> drawItems(Random r, Hashing hashing) {
        List<Item> items = new ArrayList<>();
        for (int n = r.nextInt(8) == 0 ? r.nextInt(40) : r.nextInt(6); n > 0; n--) {
            items.add(new Item(drawKey(r, hashing), r.nextInt(VALUES)));
        }
        return items;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void behavesLikeConcurrentHashMap(long seed) {
        int[] promoted = {0};
        ModelCheck.check(seed, TRIES, SyncMapApiModelTest::sequence, ops -> {
            if (compare(ops)) {
                promoted[0]++;
            }
        });
        // The sequences must exercise what SyncMap adds to a map: in most of them a recent level is promoted.
        assertTrue(promoted[0] * 2 >= TRIES,
                () -> "seed " + seed + ": a recent level was promoted in only " + promoted[0] + " of " + TRIES);
    }

    /** One sequence: a hashing for all its keys, then 1 to {@value #MAX_OPS} operations. */
    static List<Op> sequence(Random r) {
        Hashing hashing = Hashing.values()[r.nextInt(Hashing.values().length)];
        return ModelCheck.sequence(r, 1, MAX_OPS, random -> Op.draw(random, hashing));
    }

    /** Applies {@code ops} to fresh maps, comparing as the class comment says; returns whether a promotion happened. */
    static boolean compare(List<Op> ops) {
        SyncMap<Key, Val> sut = new SyncMap<>();
        ConcurrentHashMap<Key, Val> ref = new ConcurrentHashMap<>();
        Hashing hashing = ops.isEmpty() ? Hashing.DISTINCT : ops.get(0).key().hashing();
        boolean promoted = false;
        int step = 0;
        for (Op op : ops) {
            String where = "step " + step++ + ": " + op;
            boolean amended = sut.amended();
            switch (op.kind()) {
                case RANGE -> rangeStopped(sut, ref, op, where);
                case RANGE_DELETING -> rangeDeleting(sut, ref, op, where);
                case VALUES_REMOVE -> valuesRemove(sut, ref, op, where);
                case NULL_ARGUMENT -> nullArgument(sut, ref, NULL_CALLS.get(op.other()), op, where);
                case PROMOTE -> sut.promote();
                case MISSES -> lookUpEveryKey(sut, ref, hashing, 8, where);
                case CHECK -> checkWhole(sut, ref, hashing, where);
                default -> assertEquals(outcome(() -> applyMap(ref, op)), outcome(() -> apply(sut, op)),
                        () -> "result of " + where);
            }
            promoted |= amended && !sut.amended() && op.kind() != Kind.CLEAR;
            assertEquals(ref.size(), sut.size(), () -> "size after " + where);
            assertEquals(ref.isEmpty(), sut.isEmpty(), () -> "isEmpty after " + where);
            assertEquals(ref.get(op.key()), sut.get(op.key()), () -> "value of the step's key after " + where);
        }
        checkWhole(sut, ref, hashing, "the end");
        return promoted;
    }

    /** Applies {@code op} to the SyncMap: Go's verbs directly, the rest as {@link #applyMap} does. */
    private static Object apply(SyncMap<Key, Val> m, Op op) {
        Key k = op.key();
        return switch (op.kind()) {
            case LOAD -> m.load(k);
            case STORE -> {
                m.store(k, op.val());
                yield null;
            }
            case LOAD_OR_STORE -> m.loadOrStore(k, op.val());
            case LOAD_AND_DELETE -> m.loadAndDelete(k);
            case DELETE -> {
                m.delete(k);
                yield null;
            }
            case SWAP -> m.swap(k, op.val());
            case COMPARE_AND_SWAP -> m.compareAndSwap(k, op.val(), op.otherVal());
            case COMPARE_AND_DELETE -> m.compareAndDelete(k, op.val());
            default -> applyMap(m, op);
        };
    }

    /** Applies {@code op} through {@link ConcurrentMap}; Go's verbs become their ConcurrentHashMap equivalents. */
    private static Object applyMap(ConcurrentMap<Key, Val> m, Op op) {
        Key k = op.key();
        return switch (op.kind()) {
            case LOAD -> m.get(k);
            case STORE -> {
                m.put(k, op.val());
                yield null;
            }
            case LOAD_OR_STORE -> {
                Val v = op.val();
                Val previous = m.putIfAbsent(k, v);
                yield new LoadResult<>(previous != null ? previous : v, previous != null);
            }
            case LOAD_AND_DELETE, REMOVE -> m.remove(k);
            case DELETE -> {
                m.remove(k);
                yield null;
            }
            case SWAP, PUT -> m.put(k, op.val());
            case COMPARE_AND_SWAP, REPLACE_IF_VALUE -> m.replace(k, op.val(), op.otherVal());
            case COMPARE_AND_DELETE, REMOVE_IF_VALUE -> m.remove(k, op.val());
            case GET_OR_DEFAULT -> m.getOrDefault(k, new Val(VALUES));
            case PUT_IF_ABSENT -> m.putIfAbsent(k, op.val());
            case REPLACE -> m.replace(k, op.val());
            case CONTAINS_VALUE -> m.containsValue(op.val());
            case PUT_ALL -> {
                m.putAll(op.itemMap());
                yield null;
            }
            case CLEAR -> {
                if (op.other() == 3) {
                    m.clear();
                } else {
                    view(m, op.other()).clear();
                }
                yield null;
            }
            case COMPUTE -> m.compute(k, (key, old) -> answer(m, op, old));
            case COMPUTE_IF_ABSENT -> m.computeIfAbsent(k, key -> answer(m, op, null));
            case COMPUTE_IF_PRESENT -> m.computeIfPresent(k, (key, old) -> answer(m, op, old));
            case MERGE -> m.merge(k, op.val(), (old, given) -> answer(m, op, old));
            case REPLACE_ALL -> {
                m.replaceAll((key, old) -> answer(m, op, old));
                yield null;
            }
            case KEYS_CONTAINS -> m.keySet().contains(k);
            case KEYS_REMOVE -> m.keySet().remove(k);
            case VALUES_CONTAINS -> m.values().contains(op.val());
            case ENTRIES_CONTAINS -> m.entrySet().contains(op.probe());
            case ENTRIES_REMOVE -> m.entrySet().remove(op.probe());
            case KEYS_REMOVE_IF -> m.keySet().removeIf(key -> key.id() % 3 == op.value() % 3);
            case VALUES_REMOVE_IF -> m.values().removeIf(v -> v.n() == op.value());
            case ENTRIES_REMOVE_IF ->
                    m.entrySet().removeIf(e -> (e.getKey().id() + e.getValue().n()) % 4 == op.value() % 4);
            case KEYS_REMOVE_ALL -> m.keySet().removeAll(op.collection(Item::key));
            case KEYS_RETAIN_ALL -> m.keySet().retainAll(op.collection(Item::key));
            case VALUES_REMOVE_ALL -> m.values().removeAll(op.collection(Item::val));
            case VALUES_RETAIN_ALL -> m.values().retainAll(op.collection(Item::val));
            case ENTRIES_REMOVE_ALL -> m.entrySet().removeAll(op.collection(Item::entry));
            case ENTRIES_RETAIN_ALL -> m.entrySet().retainAll(op.collection(Item::entry));
            case TO_ARRAY -> toArray(view(m, op.other()), op.value() % 4);
            case ITERATOR_REMOVE -> iteratorRemove(view(m, op.other()), op.value());
            case SET_VALUE -> setValues(m, op);
            case PUT_RUN -> {
                for (int i = 0; i < op.other(); i++) {
                    m.put(k.plus(i), new Val(i % VALUES));
                }
                yield null;
            }
            case REMOVE_RUN -> {
                for (int i = 0; i < op.other(); i++) {
                    m.remove(k.plus(i));
                }
                yield null;
            }
            default -> throw new AssertionError("not a map operation: " + op);
        };
    }

    /** The answer of {@code op}'s function for a key holding {@code old} (null if absent), as {@link Fn} says. */
    private static Val answer(ConcurrentMap<Key, Val> m, Op op, Val old) {
        return switch (op.fn()) {
            case NULL -> null;
            case NEXT -> new Val(old == null ? op.value() : (old.n() + op.value() + 1) % VALUES);
            case THROW -> throw new FunctionThrew();
            case SAME -> old;
            default -> {
                int read = reading(m, op.fn(), op.otherKey());
                yield read % 7 == 3 ? null : new Val((read + (old == null ? 0 : old.n())) % VALUES);
            }
        };
    }

    /** What a reading function reads of {@code m}, as a number. */
    private static int reading(ConcurrentMap<Key, Val> m, Fn fn, Key other) {
        return switch (fn) {
            case READ_KEY -> m.getOrDefault(other, new Val(3)).n() + (m.containsKey(other) ? 1 : 0);
            case READ_SIZE -> m.size() + (m.containsKey(other) ? 7 : 0);
            case READ_VALUES -> (m.containsValue(new Val(1)) ? 1 : 0) + (m.containsValue(new Val(2)) ? 2 : 0);
            case ITERATE -> m.entrySet().stream().mapToInt(e -> e.getKey().id() + e.getValue().n()).sum();
            case STREAM_KEYS -> m.keySet().stream().mapToInt(Key::id).sum();
            case FOR_EACH -> {
                int[] sum = {0};
                m.forEach((key, v) -> sum[0] += v.n());
                yield sum[0];
            }
            default -> throw new AssertionError("not a reading function: " + fn);
        };
    }

    /** The key (0), value (1) or entry (2) view of {@code m}. */
    private static Collection<?> view(Map<Key, Val> m, int which) {
        return which == 0 ? m.keySet() : which == 1 ? m.values() : m.entrySet();
    }

    /**
     * The view's elements through one of its four toArray methods; an array with room to spare must come back
     * itself, with null after the last element and the slot after that untouched.
     */
    private static Object toArray(Collection<?> view, int how) {
        return switch (how) {
            case 0 -> view.toArray();
            case 1 -> view.toArray(new Object[0]);
            case 2 -> view.toArray(Object[]::new);
            default -> {
                int size = view.size();
                Object[] given = new Object[size + 2];
                Arrays.fill(given, "untouched");
                Object[] got = view.toArray(given);
                yield List.of(got == given, normal(Arrays.copyOf(got, size)), String.valueOf(got[size]), got[size + 1]);
            }
        };
    }

    /**
     * Walks the view's iterator, removing every element {@link #chosen} by {@code value}; a second remove of the same
     * element, and a remove before any next, must throw. Returns the elements removed, sorted.
     */
    private static List<String> iteratorRemove(Collection<?> view, int value) {
        List<String> removed = new ArrayList<>();
        for (Iterator<?> it = view.iterator(); it.hasNext(); ) {
            Object e = it.next();
            if (chosen(e, value)) {
                it.remove();
                removed.add(String.valueOf(normal(e)));
                assertThrows(IllegalStateException.class, it::remove, "a second remove of " + e);
            }
        }
        assertThrows(IllegalStateException.class, view.iterator()::remove, "a remove before next");
        removed.sort(null);
        return removed;
    }

    /** Whether ITERATOR_REMOVE removes {@code e}: a key (or entry) by its id mod 3, a value by equality. */
    private static boolean chosen(Object e, int value) {
        if (e instanceof Val v) {
            return v.n() == value;
        }
        Key k = e instanceof Key key ? key : (Key) ((Map.Entry<?, ?>) e).getKey();
        return k.id() % 3 == value % 3;
    }

    /**
     * Sets, through the entry view, the value of each key whose id is {@code op.value()} mod 5 to {@code op.other()};
     * setValue(null) must throw and change nothing. Returns what each entry and the map said afterwards, sorted.
     */
    private static List<String> setValues(ConcurrentMap<Key, Val> m, Op op) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Key, Val> e : m.entrySet()) {
            if (e.getKey().id() % VALUES == op.value()) {
                Val old = e.setValue(op.otherVal());
                assertThrows(NullPointerException.class, () -> e.setValue(null), "setValue(null)");
                out.add(e.getKey() + ": " + old + " -> " + e.getValue() + ", map " + m.get(e.getKey()));
            }
        }
        out.sort(null);
        return out;
    }

    /** RANGE: a range stopped after {@code op.value()} visits (at least one), each of a distinct key with its value. */
    private static void rangeStopped(SyncMap<Key, Val> sut, Map<Key, Val> ref, Op op, String where) {
        Map<Key, Val> seen = new HashMap<>();
        sut.range((k, v) -> {
            assertNull(seen.put(k, v), () -> "visited twice: " + k + " at " + where);
            return seen.size() < op.value();
        });
        assertEquals(Math.min(ref.size(), Math.max(op.value(), 1)), seen.size(), () -> "keys visited at " + where);
        seen.forEach((k, v) -> assertEquals(ref.get(k), v, () -> "value visited for " + k + " at " + where));
    }

    /** RANGE_DELETING: a range that deletes, as Go allows, each key whose id is {@code op.value()} mod 3. */
    private static void rangeDeleting(SyncMap<Key, Val> sut, Map<Key, Val> ref, Op op, String where) {
        Map<Key, Val> seen = new HashMap<>();
        sut.range((k, v) -> {
            assertNull(seen.put(k, v), () -> "visited twice: " + k + " at " + where);
            if (k.id() % 3 == op.value() % 3) {
                sut.delete(k);
            }
            return true;
        });
        assertEquals(ref, seen, () -> "contents seen at " + where);
        ref.keySet().removeIf(k -> k.id() % 3 == op.value() % 3);
    }

    /**
     * VALUES_REMOVE: values().remove removes one key holding the value, each map choosing which; the reference removes
     * the key the SyncMap removed, once it checked that the key held that value.
     */
    private static void valuesRemove(SyncMap<Key, Val> sut, Map<Key, Val> ref, Op op, String where) {
        boolean held = ref.containsValue(op.val());
        assertEquals(held, sut.values().remove(op.val()), () -> "result of " + where);
        List<Key> removed = ref.keySet().stream().filter(k -> !sut.containsKey(k)).collect(Collectors.toList());
        assertEquals(held ? 1 : 0, removed.size(), () -> "keys removed by " + where + ": " + removed);
        removed.forEach(k -> assertTrue(ref.remove(k, op.val()), () -> where + " removed " + k + "=" + ref.get(k)));
    }

    /**
     * NULL_ARGUMENT: the call must end as on the reference (the same exception class, or the same answer), and a
     * NullPointerException SyncMap raises must name the argument when the call's table entry says which.
     */
    private static void nullArgument(SyncMap<Key, Val> sut, Map<Key, Val> ref, NullCall call, Op op, String where) {
        assertEquals(outcome(() -> call.onRef().on(ref, op.key(), op.val())),
                outcome(() -> call.onSut().on(sut, op.key(), op.val())), () -> "result of " + where);
        if (call.message() != null) {
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> call.onSut().on(sut, op.key(), op.val()), where);
            assertEquals(call.message(), e.getMessage(), () -> "message of " + where);
        }
    }

    /** Looks up every key {@code rounds} times (so that sampled misses may promote), comparing each answer. */
    private static void lookUpEveryKey(SyncMap<Key, Val> sut, Map<Key, Val> ref, Hashing hashing, int rounds,
            String where) {
        for (int round = 0; round < rounds; round++) {
            for (int id = 0; id < KEY_SPACE; id++) {
                Key k = new Key(id, hashing);
                assertEquals(ref.get(k), sut.get(k), () -> "value of " + k + " at " + where);
            }
        }
    }

    /** Compares everything a reader can see of the whole map (see the class comment). */
    private static void checkWhole(SyncMap<Key, Val> sut, Map<Key, Val> ref, Hashing hashing, String where) {
        assertEquals(ref, distinctEntries(sut.entrySet(), where), () -> "contents iterated at " + where);
        Map<Key, Val> ranged = new HashMap<>();
        sut.range((k, v) -> ranged.put(k, v) == null);
        assertEquals(ref, ranged, () -> "contents seen by range at " + where);
        Map<Key, Val> visited = new HashMap<>();
        sut.forEach(visited::put);
        assertEquals(ref, visited, () -> "contents seen by forEach at " + where);
        lookUpEveryKey(sut, ref, hashing, 1, where);

        assertTrue(sut.equals(ref) && ref.equals(sut), () -> "equals at " + where);
        assertEquals(ref.hashCode(), sut.hashCode(), () -> "hashCode at " + where);
        assertEquals(sortedChars(ref.toString()), sortedChars(sut.toString()), () -> "toString at " + where);
        assertTrue(sut.keySet().equals(ref.keySet()) && ref.keySet().equals(sut.keySet()), () -> "keySet at " + where);
        assertEquals(ref.keySet().hashCode(), sut.keySet().hashCode(), () -> "keySet hashCode at " + where);
        assertTrue(sut.entrySet().equals(ref.entrySet()) && ref.entrySet().equals(sut.entrySet()),
                () -> "entrySet at " + where);
        assertEquals(ref.entrySet().hashCode(), sut.entrySet().hashCode(), () -> "entrySet hashCode at " + where);
        assertEquals(normal(ref.values()), normal(sut.values()), () -> "values at " + where);
        checkEntries(sut, where);

        checkSplits(sut.keySet(), ref.keySet(), true, where);
        checkSplits(sut.values(), ref.values(), false, where);
        checkSplits(sut.entrySet(), ref.entrySet(), true, where);
        assertEquals(ref, sut.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                () -> "entries streamed at " + where);
        assertEquals(ref, sut.entrySet().parallelStream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                () -> "entries streamed in parallel at " + where);
        assertEquals(ref.size(), sut.keySet().stream().count(), () -> "keys streamed at " + where);
        assertEquals(ref.size(), sut.values().stream().count(), () -> "values streamed at " + where);
    }

    /** The entries {@code entries} iterates, failing on a key handed out twice. */
    private static Map<Key, Val> distinctEntries(Iterable<Map.Entry<Key, Val>> entries, String where) {
        Map<Key, Val> m = new HashMap<>();
        for (Map.Entry<Key, Val> e : entries) {
            assertNull(m.put(e.getKey(), e.getValue()), () -> "iterated twice: " + e.getKey() + " at " + where);
        }
        return m;
    }

    /** Each entry of the entry view equals, hashes and prints as a plain entry of its key and value. */
    private static void checkEntries(SyncMap<Key, Val> sut, String where) {
        for (Map.Entry<Key, Val> e : sut.entrySet()) {
            Map.Entry<Key, Val> plain = Map.entry(e.getKey(), e.getValue());
            assertTrue(e.equals(plain) && plain.equals(e), () -> "entry " + e + " equals at " + where);
            assertEquals(plain.hashCode(), e.hashCode(), () -> "entry " + e + " hashCode at " + where);
            assertEquals(plain.toString(), e.toString(), () -> "entry " + e + " toString at " + where);
        }
    }

    /**
     * Splits the view's spliterator into up to {@value #MAX_PARTS} parts and walks them all: together they hand out
     * the expected elements, and each part is NONNULL (and DISTINCT, but for the values).
     */
    private static <T> void checkSplits(Collection<T> view, Collection<T> expected, boolean distinct, String where) {
        List<Spliterator<T>> parts = new ArrayList<>(List.of(view.spliterator()));
        for (int i = 0; i < parts.size() && parts.size() < MAX_PARTS; ) {
            Spliterator<T> split = parts.get(i).trySplit();
            if (split == null) {
                i++;
            } else {
                parts.add(split);
            }
        }
        int required = Spliterator.NONNULL | (distinct ? Spliterator.DISTINCT : 0);
        List<T> got = new ArrayList<>();
        for (Spliterator<T> part : parts) {
            assertEquals(required, part.characteristics() & required,
                    () -> "a split part's characteristics at " + where);
            part.forEachRemaining(got::add);
        }
        assertEquals(normal(expected), normal(got), () -> "elements of the split parts at " + where);
    }

    private static String sortedChars(String s) {
        char[] chars = s.toCharArray();
        Arrays.sort(chars);
        return new String(chars);
    }

    /** A call's answer made comparable across the two maps (see {@link #normal}), or the class of what it threw. */
    private static Object outcome(Supplier<Object> call) {
        try {
            return normal(call.get());
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /** Arrays and collections as their elements' strings, sorted (iteration orders differ); entries as "k=v". */
    private static Object normal(Object answer) {
        if (answer instanceof Object[] array) {
            return normal(Arrays.asList(array));
        }
        if (answer instanceof Collection<?> c) {
            List<String> elements = new ArrayList<>();
            c.forEach(e -> elements.add(String.valueOf(normal(e))));
            elements.sort(null);
            return elements;
        }
        if (answer instanceof Map.Entry<?, ?> e) {
            return e.getKey() + "=" + e.getValue();
        }
        return answer;
    }

    /* ---------------- Null arguments ---------------- */

    /** A call on a map, given a key and a value. */
    @FunctionalInterface
    interface Call<M> {
        Object on(M m, Key key, Val value);
    }

    /**
     * A call with a null argument: on the SyncMap, and on the reference as ConcurrentHashMap has it (for Go's verbs,
     * its equivalent); {@code message} is the argument's name SyncMap's NullPointerException must give, or null when
     * SyncMap names none (a JDK default, or no exception).
     */
    record NullCall(String label, String message, Call<SyncMap<Key, Val>> onSut, Call<Map<Key, Val>> onRef) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A null-argument call that both maps have. */
    private static NullCall call(String label, String message, Call<Map<Key, Val>> call) {
        return new NullCall(label, message, call::on, call);
    }

    /** A null-argument call of a Go verb, and its ConcurrentHashMap equivalent on the reference. */
    private static NullCall verb(String label, String message, Call<SyncMap<Key, Val>> onSut,
            Call<Map<Key, Val>> onRef) {
        return new NullCall(label, message, onSut, onRef);
    }

    private static final List<NullCall> NULL_CALLS = List.of(
            call("get(null)", "key", (m, k, v) -> m.get(null)),
            call("getOrDefault(null, v)", "key", (m, k, v) -> m.getOrDefault(null, v)),
            call("containsKey(null)", "key", (m, k, v) -> m.containsKey(null)),
            call("containsValue(null)", "value", (m, k, v) -> m.containsValue(null)),
            call("put(null, v)", "key", (m, k, v) -> m.put(null, v)),
            call("put(k, null)", "value", (m, k, v) -> m.put(k, null)),
            call("putIfAbsent(null, v)", "key", (m, k, v) -> m.putIfAbsent(null, v)),
            call("putIfAbsent(k, null)", "value", (m, k, v) -> m.putIfAbsent(k, null)),
            call("remove(null)", "key", (m, k, v) -> m.remove(null)),
            call("remove(null, v)", "key", (m, k, v) -> m.remove(null, v)),
            call("remove(k, null)", null, (m, k, v) -> m.remove(k, null)),
            call("replace(null, v)", "key", (m, k, v) -> m.replace(null, v)),
            call("replace(k, null)", "value", (m, k, v) -> m.replace(k, null)),
            call("replace(null, v, v)", "key", (m, k, v) -> m.replace(null, v, v)),
            call("replace(k, null, v)", "old", (m, k, v) -> m.replace(k, null, v)),
            call("replace(k, v, null)", "neu", (m, k, v) -> m.replace(k, v, null)),
            call("compute(null, f)", "key", (m, k, v) -> m.compute(null, (a, b) -> v)),
            call("compute(k, null)", "remappingFunction", (m, k, v) -> m.compute(k, null)),
            call("computeIfAbsent(null, f)", "key", (m, k, v) -> m.computeIfAbsent(null, a -> v)),
            call("computeIfAbsent(k, null)", "mappingFunction", (m, k, v) -> m.computeIfAbsent(k, null)),
            call("computeIfPresent(null, f)", "key", (m, k, v) -> m.computeIfPresent(null, (a, b) -> v)),
            call("computeIfPresent(k, null)", "remappingFunction", (m, k, v) -> m.computeIfPresent(k, null)),
            call("merge(null, v, f)", "key", (m, k, v) -> m.merge(null, v, (a, b) -> a)),
            call("merge(k, null, f)", "value", (m, k, v) -> m.merge(k, null, (a, b) -> a)),
            call("merge(k, v, null)", "remappingFunction", (m, k, v) -> m.merge(k, v, null)),
            call("replaceAll(null)", "function", (m, k, v) -> {
                m.replaceAll(null);
                return null;
            }),
            call("forEach(null)", "action", (m, k, v) -> {
                m.forEach(null);
                return null;
            }),
            call("putAll(null)", null, (m, k, v) -> {
                m.putAll(null);
                return null;
            }),
            call("putAll({null=v})", "key", (m, k, v) -> {
                Map<Key, Val> withNullKey = new HashMap<>();
                withNullKey.put(null, v);
                m.putAll(withNullKey);
                return null;
            }),
            call("equals(null)", null, (m, k, v) -> m.equals(null)),
            call("keySet().contains(null)", "key", (m, k, v) -> m.keySet().contains(null)),
            call("keySet().remove(null)", "key", (m, k, v) -> m.keySet().remove(null)),
            call("keySet().containsAll(null)", null, (m, k, v) -> m.keySet().containsAll(null)),
            call("keySet().toArray(null)", null, (m, k, v) -> m.keySet().toArray((Object[]) null)),
            call("values().contains(null)", "value", (m, k, v) -> m.values().contains(null)),
            call("values().remove(null)", null, (m, k, v) -> m.values().remove(null)),
            call("entrySet().contains(null)", null, (m, k, v) -> m.entrySet().contains(null)),
            call("entrySet().remove(null)", null, (m, k, v) -> m.entrySet().remove(null)),
            call("keySet().removeIf(null)", "filter", (m, k, v) -> m.keySet().removeIf(null)),
            call("values().removeIf(null)", "filter", (m, k, v) -> m.values().removeIf(null)),
            call("entrySet().removeIf(null)", "filter", (m, k, v) -> m.entrySet().removeIf(null)),
            call("keySet().removeAll(null)", "c", (m, k, v) -> m.keySet().removeAll(null)),
            call("keySet().retainAll(null)", "c", (m, k, v) -> m.keySet().retainAll(null)),
            call("values().removeAll(null)", "c", (m, k, v) -> m.values().removeAll(null)),
            call("values().retainAll(null)", "c", (m, k, v) -> m.values().retainAll(null)),
            call("entrySet().removeAll(null)", "c", (m, k, v) -> m.entrySet().removeAll(null)),
            call("entrySet().retainAll(null)", "c", (m, k, v) -> m.entrySet().retainAll(null)),
            verb("load(null)", "key", (m, k, v) -> m.load(null), (m, k, v) -> m.get(null)),
            verb("store(null, v)", "key", (m, k, v) -> {
                m.store(null, v);
                return null;
            }, (m, k, v) -> m.put(null, v)),
            verb("store(k, null)", "value", (m, k, v) -> {
                m.store(k, null);
                return null;
            }, (m, k, v) -> m.put(k, null)),
            verb("loadOrStore(null, v)", "key", (m, k, v) -> m.loadOrStore(null, v),
                    (m, k, v) -> m.putIfAbsent(null, v)),
            verb("loadOrStore(k, null)", "value", (m, k, v) -> m.loadOrStore(k, null),
                    (m, k, v) -> m.putIfAbsent(k, null)),
            verb("loadAndDelete(null)", "key", (m, k, v) -> m.loadAndDelete(null), (m, k, v) -> m.remove(null)),
            verb("delete(null)", "key", (m, k, v) -> {
                m.delete(null);
                return null;
            }, (m, k, v) -> m.remove(null)),
            verb("swap(null, v)", "key", (m, k, v) -> m.swap(null, v), (m, k, v) -> m.put(null, v)),
            verb("swap(k, null)", "value", (m, k, v) -> m.swap(k, null), (m, k, v) -> m.put(k, null)),
            verb("compareAndSwap(null, v, v)", "key", (m, k, v) -> m.compareAndSwap(null, v, v),
                    (m, k, v) -> m.replace(null, v, v)),
            verb("compareAndSwap(k, null, v)", "old", (m, k, v) -> m.compareAndSwap(k, null, v),
                    (m, k, v) -> m.replace(k, null, v)),
            verb("compareAndSwap(k, v, null)", "neu", (m, k, v) -> m.compareAndSwap(k, v, null),
                    (m, k, v) -> m.replace(k, v, null)),
            verb("compareAndDelete(null, v)", "key", (m, k, v) -> m.compareAndDelete(null, v),
                    (m, k, v) -> m.remove(null, v)),
            // CompareAndDelete rejects a null old value, where remove(k, null) answers false: replace rejects it too.
            verb("compareAndDelete(k, null)", "old", (m, k, v) -> m.compareAndDelete(k, null),
                    (m, k, v) -> m.replace(k, null, v)),
            verb("range(null)", "action", (m, k, v) -> {
                m.range(null);
                return null;
            }, (m, k, v) -> {
                m.forEach(null);
                return null;
            }));
}
