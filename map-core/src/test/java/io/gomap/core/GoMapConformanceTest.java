package io.gomap.core;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.testers.MapToStringTester;
import java.lang.reflect.Method;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestCase;

/** guava-testlib's {@code Map} conformance suite, run against GoMap with every detector mode. */
public class GoMapConformanceTest extends TestCase {

    public static Test suite() throws NoSuchMethodException {
        // These compare toString() with the order of a second, separate iteration. Every GoMap iteration starts
        // at a random bucket, as Go's range does, so two iterations may legitimately differ in order.
        Method[] orderDependent = {
            MapToStringTester.class.getMethod("testToStringWithNullKey"),
            MapToStringTester.class.getMethod("testToStringWithNullValue"),
            MapToStringTester.class.getMethod("testToString_formatting"),
        };
        junit.framework.TestSuite all = new junit.framework.TestSuite("GoMap conformance");
        for (DetectorMode mode : DetectorMode.values()) {
            all.addTest(MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                        @Override
                        protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                            Map<String, String> map = new GoMap<>(0, mode);
                            for (Map.Entry<String, String> e : entries) {
                                map.put(e.getKey(), e.getValue());
                            }
                            return map;
                        }
                    })
                    .named("GoMap[" + mode + "]")
                    .withFeatures(
                            MapFeature.GENERAL_PURPOSE,
                            MapFeature.ALLOWS_NULL_KEYS,
                            MapFeature.ALLOWS_NULL_VALUES,
                            MapFeature.ALLOWS_ANY_NULL_QUERIES,
                            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                            CollectionFeature.SERIALIZABLE,
                            CollectionSize.ANY)
                    .suppressing(orderDependent)
                    .createTestSuite());
        }
        return all;
    }
}
