package io.gomap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gomap.modelcheck.ModelCheck;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model test of the Map API beyond GoMapModelTest's single-key operations: random sequences of view operations
 * (remove, removeIf, removeAll, retainAll, clear, toArray), iterator remove and entry setValue, spliterators and
 * streams, equals, hashCode and toString of entries and maps (of a map holding itself too), putAll from a HashMap, a
 * GoMap or the map itself, replace and remove by value, replaceAll, copies, the iterator protocol's exceptions, bulk
 * inserts and deletes, and {@link GoMap#compact()}, applied to a GoMap and a HashMap and compared after every step
 * through every way of reading a map. Keys include null, strings, and {@link GoMapModelTest.Clash} and
 * {@link Constant} keys whose hash codes collide; values include null. Every seed runs on each {@link Maker}: each
 * detector mode, presized or not, with and without a {@link ShrinkPolicy}, drawing {@value #TRIES} sequences of up to
 * {@value #MAX_OPS} operations on each; a failure is shrunk and reported with its seed (see {@link ModelCheck}).
 * Results that depend on iteration order are compared as sorted lists, and values().remove, which takes the first
 * match in iteration order, is mirrored into the HashMap once the GoMap has chosen its key.
 */
class GoMapApiModelTest {

    private static final int TRIES = 8;
    private static final int MAX_OPS = 150;

    /** The GoMaps under test: each detector mode, presized or not, with and without a shrink policy. */
    enum Maker {
        DEFAULT(GoMap::new),
        PRESIZED_OFF(() -> new GoMap<>(1000, DetectorMode.OFF)),
        STRICT(() -> new GoMap<>(0, DetectorMode.STRICT)),
        SHRINKING(() -> new GoMap<>(0, DetectorMode.BEST_EFFORT, ShrinkPolicy.whenSparse())),
        SHRINKING_PRESIZED_STRICT(() -> new GoMap<>(100, DetectorMode.STRICT, ShrinkPolicy.whenSparse(4)));

        private final Supplier<GoMap<Object, Object>> make;

        Maker(Supplier<GoMap<Object, Object>> make) {
            this.make = make;
        }

        GoMap<Object, Object> make() {
            return make.get();
        }
    }

    /** The operations and their weights; PUT and REMOVE, checked by GoMapModelTest, mostly fill and empty the map. */
    enum Kind {
        PUT(14), REMOVE(5), REPLACE(2), REPLACE_IF_MAPPED(2), REMOVE_IF_MAPPED(2), READ(3), PUT_ALL(2), VIEW_REMOVE(2),
        VALUES_REMOVE(2), VIEW_CLEAR(1), REMOVE_IF(2), REMOVE_ALL(1), RETAIN_ALL(1), TO_ARRAY(1), ITERATOR_REMOVE(2),
        SET_VALUE(2), REPLACE_ALL(1), COMPACT(1), ENTRY_CONTRACT(1), SPLITERATOR(1), STREAM(1), BULK_PUT(2),
        BULK_REMOVE(1), ITERATOR_PROTOCOL(1), COPIES(1), SELF_TO_STRING(1);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A key whose hash code is the same for every id: ids 0 to 29 share one chain. */
    record Constant(int id) {
        @Override
        public int hashCode() {
            return 42;
        }
    }

    /** An operation: its key and value, and {@code arg}, which picks a view, a divisor or a random source. */
    record Op(Kind kind, Object key, Object value, int arg) {
        static Op draw(Random r) {
            return new Op(ModelCheck.pick(r, Kind.values(), k -> k.weight), drawKey(r), drawValue(r), r.nextInt(1000));
        }

        @Override
        public String toString() {
            return kind + " " + key + " " + value + " " + arg;
        }
    }

    /** Draws a key: null, a colliding key, a string, or an integer from a small or a wider range. */
    static Object drawKey(Random r) {
        int p = r.nextInt(100);
        if (p < 2) {
            return null;
        } else if (p < 12) {
            return new GoMapModelTest.Clash(r.nextInt(40));
        } else if (p < 20) {
            return new Constant(r.nextInt(30));
        } else if (p < 25) {
            return "s" + r.nextInt(40);
        }
        return r.nextInt(r.nextBoolean() ? 40 : 400);
    }

    /** Draws a value: null, a string, or a small integer, so that values repeat. */
    static Object drawValue(Random r) {
        int p = r.nextInt(100);
        return p < 6 ? null : p < 15 ? "v" + r.nextInt(10) : r.nextInt(20);
    }

    /** Every operation returns what HashMap's does and leaves a map that reads as HashMap's, on every kind of GoMap. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.gomap.modelcheck.ModelCheck#seeds")
    void behavesLikeHashMapThroughTheWholeApi(long seed) {
        for (Maker maker : Maker.values()) {
            ModelCheck.check(seed, TRIES, r -> ModelCheck.sequence(r, 0, MAX_OPS, Op::draw),
                    ops -> compare(maker, ops));
        }
    }

    /** Applies {@code ops} to a fresh GoMap from {@code maker} and a HashMap, comparing after every step. */
    static void compare(Maker maker, List<Op> ops) {
        GoMap<Object, Object> go = maker.make();
        Map<Object, Object> model = new HashMap<>();
        int step = 0;
        for (Op op : ops) {
            String where = maker + ", step " + step++ + ": " + op;
            if (op.kind() == Kind.VALUES_REMOVE) {
                removeValueAndMirror(go, model, op.value(), where);
            } else {
                assertEquals(apply(op, model), apply(op, go), () -> "result of " + where);
            }
            assertAgrees(go, model, where);
        }
    }

    /**
     * Asserts that every way of reading {@code go} agrees with {@code model}: size, stats, equals and hashCode both
     * ways, the views' equals and hashCode, the values, toString, and the entries that an iterator, forEach and range
     * produce (each exactly once).
     */
    static void assertAgrees(GoMap<Object, Object> go, Map<Object, Object> model, String where) {
        assertEquals(model.size(), go.size(), () -> "size after " + where);
        assertEquals(model.isEmpty(), go.isEmpty(), () -> "isEmpty after " + where);
        assertEquals(model.size(), go.stats().count(), () -> "stats().count() after " + where);
        GoMapModelTest.assertSettled(go, where);
        assertTrue(model.equals(go) && go.equals(model), () -> "equals after " + where);
        assertEquals(model.hashCode(), go.hashCode(), () -> "hashCode after " + where);
        assertTrue(model.keySet().equals(go.keySet()) && go.keySet().equals(model.keySet()),
                () -> "keySet after " + where);
        assertTrue(model.entrySet().equals(go.entrySet()) && go.entrySet().equals(model.entrySet()),
                () -> "entrySet after " + where);
        assertEquals(model.keySet().hashCode(), go.keySet().hashCode(), () -> "keySet().hashCode() after " + where);
        assertEquals(model.entrySet().hashCode(), go.entrySet().hashCode(),
                () -> "entrySet().hashCode() after " + where);
        assertEquals(sorted(model.values()), sorted(go.values()), () -> "values after " + where);
        assertEquals(model.toString().length(), go.toString().length(), () -> "toString after " + where);
        assertEquals(model, byIterator(go, where), () -> "entries by iterator after " + where);
        Map<Object, Object> byForEach = new HashMap<>();
        go.forEach((k, v) -> assertProducedOnce(byForEach, k, v, "forEach after " + where));
        assertEquals(model, byForEach, () -> "entries by forEach after " + where);
        Map<Object, Object> byRange = new HashMap<>();
        go.range((k, v) -> {
            assertProducedOnce(byRange, k, v, "range after " + where);
            return true;
        });
        assertEquals(model, byRange, () -> "entries by range after " + where);
    }

    private static Map<Object, Object> byIterator(GoMap<Object, Object> go, String where) {
        Map<Object, Object> produced = new HashMap<>();
        for (Map.Entry<Object, Object> e : go.entrySet()) {
            assertProducedOnce(produced, e.getKey(), e.getValue(), "iterator after " + where);
        }
        return produced;
    }

    private static void assertProducedOnce(Map<Object, Object> produced, Object k, Object v, String where) {
        assertFalse(produced.containsKey(k), () -> where + ": key produced twice: " + k);
        produced.put(k, v);
    }

    /**
     * values().remove takes the first entry with the value in iteration order, which differs between the maps: removes
     * it from {@code go}, checks that the key it took mapped to the value, and removes that key from {@code model}.
     */
    private static void removeValueAndMirror(
            GoMap<Object, Object> go, Map<Object, Object> model, Object value, String where) {
        Set<Object> gone = new HashSet<>(go.keySet());
        boolean removed = go.values().remove(value);
        gone.removeAll(go.keySet());
        assertEquals(model.containsValue(value), removed, () -> "result of " + where);
        assertEquals(removed ? 1 : 0, gone.size(), () -> "keys removed by " + where);
        for (Object key : gone) {
            assertTrue(model.containsKey(key) && Objects.equals(model.get(key), value),
                    () -> where + " removed " + key + ", which did not map to the value");
            model.remove(key);
        }
    }

    private static Object apply(Op op, Map<Object, Object> m) {
        Object k = op.key();
        Object v = op.value();
        int arg = op.arg();
        int mod = 2 + arg % 5;
        return switch (op.kind()) {
            case PUT -> m.put(k, v);
            case REMOVE -> m.remove(k);
            case REPLACE -> m.replace(k, v);
            case REPLACE_IF_MAPPED -> m.replace(k, arg % 2 == 0 ? m.get(k) : v, "new" + arg);
            case REMOVE_IF_MAPPED -> m.remove(k, arg % 2 == 0 ? m.get(k) : v);
            case READ -> Arrays.asList(m.getOrDefault(k, "absent"), m.getOrDefault(k, null), m.containsKey(k),
                    m.containsValue(v), m.keySet().contains(k), m.values().contains(v),
                    m.entrySet().contains(entry(k, v)), m.entrySet().contains(entry(k, m.get(k))),
                    m.entrySet().contains(k));
            case PUT_ALL -> putAll(m, arg);
            case VIEW_REMOVE -> arg % 2 == 0
                    ? m.keySet().remove(k)
                    : m.entrySet().remove(entry(k, arg % 4 == 1 ? m.get(k) : v));
            case VALUES_REMOVE -> throw new AssertionError("mirrored, not applied to both: " + op);
            case VIEW_CLEAR -> {
                views(m).get(arg % 3).clear();
                yield null;
            }
            case REMOVE_IF -> switch (arg % 3) {
                case 0 -> m.keySet().removeIf(x -> picked(x, mod));
                case 1 -> m.values().removeIf(x -> picked(x, mod));
                default -> m.entrySet().removeIf(e -> picked(e.getKey(), mod));
            };
            case REMOVE_ALL -> arg % 2 == 0
                    ? m.keySet().removeAll(draw(arg, 30, GoMapApiModelTest::drawKey))
                    : m.values().removeAll(draw(arg, 5, GoMapApiModelTest::drawValue));
            case RETAIN_ALL -> arg % 2 == 0
                    ? m.keySet().retainAll(draw(arg, 200, GoMapApiModelTest::drawKey))
                    : m.values().retainAll(draw(arg, 25, GoMapApiModelTest::drawValue));
            case TO_ARRAY -> toArrays(m);
            case ITERATOR_REMOVE -> removeThroughIterator(views(m).get(arg % 3), mod);
            case SET_VALUE -> setValues(m, mod, "set" + arg);
            case REPLACE_ALL -> {
                m.replaceAll((a, b) -> picked(a, mod) ? null : Objects.hashCode(b) % 7);
                yield null;
            }
            case COMPACT -> {
                if (m instanceof GoMap<?, ?> g) {
                    g.compact();
                }
                yield null;
            }
            case ENTRY_CONTRACT -> entriesBreakingTheContract(m);
            case SPLITERATOR -> splitEveryView(m, new Random(arg));
            case STREAM -> Arrays.asList(
                    m.keySet().stream().map(String::valueOf).sorted().collect(Collectors.toList()),
                    m.values().parallelStream().map(String::valueOf).sorted().collect(Collectors.toList()),
                    m.entrySet().parallelStream().count(), m.keySet().stream().filter(Objects::isNull).count());
            case BULK_PUT -> {
                for (int i = 0, n = 20 + arg % 200; i < n; i++) {
                    m.put(1000 + arg % 10 * 200 + i, i);
                }
                yield null;
            }
            case BULK_REMOVE -> m.keySet().removeIf(x -> !(x instanceof Integer i) || i % (mod + 1) != 0);
            case ITERATOR_PROTOCOL -> iteratorProtocol(m);
            case COPIES -> copies(m);
            case SELF_TO_STRING -> selfToString(m);
        };
    }

    private static Map.Entry<Object, Object> entry(Object k, Object v) {
        return new AbstractMap.SimpleEntry<>(k, v);
    }

    private static List<Collection<?>> views(Map<Object, Object> m) {
        return List.of(m.keySet(), m.values(), m.entrySet());
    }

    /** Whether an operation with divisor {@code mod} acts on {@code x}: decided by its hash code, not by any order. */
    private static boolean picked(Object x, int mod) {
        return Objects.hashCode(x) % mod == 0;
    }

    /** Draws up to {@code max} elements from a source seeded with {@code arg}, the same for both maps. */
    private static <T> Set<T> draw(int arg, int max, Function<Random, T> element) {
        Random r = new Random(arg);
        Set<T> s = new HashSet<>();
        for (int i = 0, n = r.nextInt(max + 1); i < n; i++) {
            s.add(element.apply(r));
        }
        return s;
    }

    /** Puts into {@code m} the entries of a HashMap or a GoMap (drawn from {@code arg}), or of {@code m} itself. */
    private static Object putAll(Map<Object, Object> m, int arg) {
        Map<Object, Object> source = switch (arg % 3) {
            case 0 -> new HashMap<>();
            case 1 -> new GoMap<>();
            default -> m;
        };
        if (source != m) {
            Random r = new Random(arg);
            for (int i = 0, n = r.nextInt(60); i < n; i++) {
                source.put(drawKey(r), drawValue(r));
            }
        }
        m.putAll(source);
        return null;
    }

    /** The elements of an array in an order of their own: its component type and its sorted element strings. */
    private static String contents(Object[] a) {
        return a.getClass().getComponentType().getSimpleName() + sorted(Arrays.asList(a));
    }

    private static List<String> sorted(Collection<?> c) {
        return c.stream().map(String::valueOf).sorted().collect(Collectors.toList());
    }

    private static List<Object> toArrays(Map<Object, Object> m) {
        Object[] padded = new Object[m.size() + 3];
        Arrays.fill(padded, "pad");
        Object[] filled = m.values().toArray(padded);
        return Arrays.asList(contents(m.keySet().toArray()), contents(m.values().toArray()),
                contents(m.entrySet().toArray()), contents(m.keySet().toArray(new Object[0])),
                contents(m.keySet().toArray(Object[]::new)), contents(m.entrySet().toArray(new Map.Entry<?, ?>[0])),
                filled == padded, padded[m.size()], padded[m.size() + 1]);
    }

    /** Removes through an iterator of {@code view} the elements (entries: keys) that {@code mod} picks. */
    private static int removeThroughIterator(Collection<?> view, int mod) {
        int removed = 0;
        for (Iterator<?> it = view.iterator(); it.hasNext(); ) {
            Object x = it.next();
            if (picked(x instanceof Map.Entry<?, ?> e ? e.getKey() : x, mod)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Sets {@code value} through the entries whose keys {@code mod} picks; returns how many, and how many erred. */
    private static List<Integer> setValues(Map<Object, Object> m, int mod, Object value) {
        int set = 0;
        int wrong = 0;
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            if (picked(e.getKey(), mod)) {
                Object old = e.getValue();
                set++;
                if (!Objects.equals(old, e.setValue(value)) || !Objects.equals(value, e.getValue())) {
                    wrong++;
                }
            }
        }
        return List.of(set, wrong);
    }

    /** Counts the entries that differ from an equal SimpleImmutableEntry in equals, hashCode or toString. */
    private static int entriesBreakingTheContract(Map<Object, Object> m) {
        int bad = 0;
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            Map.Entry<Object, Object> s = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
            if (!e.equals(s) || !s.equals(e) || e.hashCode() != s.hashCode() || !e.toString().equals(s.toString())) {
                bad++;
            }
        }
        return bad;
    }

    /** Each view's spliterator: its size estimate, characteristics, and the elements of a random tree of splits. */
    private static List<Object> splitEveryView(Map<Object, Object> m, Random r) {
        List<Object> out = new ArrayList<>();
        for (Collection<?> view : views(m)) {
            Spliterator<?> sp = view.spliterator();
            out.add(sp.estimateSize());
            out.add(sp.hasCharacteristics(Spliterator.SIZED));
            out.add(sp.hasCharacteristics(Spliterator.DISTINCT));
            List<Object> all = new ArrayList<>();
            drain(sp, all, r, 0);
            out.add(sorted(all));
        }
        return out;
    }

    /** Splits {@code sp} at random down to depth 4, then drains each part by forEachRemaining or tryAdvance. */
    private static void drain(Spliterator<?> sp, List<Object> out, Random r, int depth) {
        Spliterator<?> prefix = depth < 4 && r.nextBoolean() ? sp.trySplit() : null;
        if (prefix != null) {
            drain(prefix, out, r, depth + 1);
            drain(sp, out, r, depth + 1);
        } else if (r.nextBoolean()) {
            sp.forEachRemaining(out::add);
        } else {
            while (sp.tryAdvance(out::add)) {
                // each call adds one element
            }
        }
    }

    /**
     * A key iterator's exceptions: remove() before next() and twice in a row, next() past the end. Puts back the key
     * it removed, whichever it was, so the maps stay equal.
     */
    private static List<String> iteratorProtocol(Map<Object, Object> m) {
        List<String> out = new ArrayList<>();
        Iterator<Object> it = m.keySet().iterator();
        out.add(throwsIllegalState(it::remove));
        Map<Object, Object> removed = new HashMap<>();
        if (it.hasNext()) {
            Object key = it.next();
            removed.put(key, m.get(key));
            it.remove();
            out.add(throwsIllegalState(it::remove));
            while (it.hasNext()) {
                it.next();
            }
        }
        try {
            it.next();
            out.add("next() past the end returned");
        } catch (NoSuchElementException expected) {
            out.add("next() past the end threw");
        }
        m.putAll(removed);
        return out;
    }

    private static String throwsIllegalState(Runnable remove) {
        try {
            remove.run();
            return "remove() allowed";
        } catch (IllegalStateException expected) {
            return "remove() refused";
        }
    }

    /** A HashMap and a GoMap copy of {@code m}: equal to it both ways and of its hash code. */
    private static List<Object> copies(Map<Object, Object> m) {
        Map<Object, Object> hashCopy = new HashMap<>(m);
        GoMap<Object, Object> goCopy = new GoMap<>(m);
        return List.of(m.equals(hashCopy), hashCopy.equals(m), m.equals(goCopy), goCopy.equals(m),
                goCopy.hashCode() == m.hashCode(), goCopy.size());
    }

    /** The toString of the map and its values while the map is one of its own values; removed again afterwards. */
    private static List<Object> selfToString(Map<Object, Object> m) {
        m.put("self", m);
        String text = m.toString();
        String values = m.values().toString();
        m.remove("self");
        return List.of(text.length(), text.contains("(this Map)"), values.length());
    }
}
