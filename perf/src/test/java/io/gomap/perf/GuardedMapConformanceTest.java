package io.gomap.perf;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.AssertionFailedError;
import junit.framework.Test;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * guava-testlib's Map conformance suite for the two lock-guarded baselines, each JUnit 3 test run as a JUnit 5
 * dynamic test. Both wrap a HashMap here, so iteration order is stable and nulls are allowed.
 */
class GuardedMapConformanceTest {

    @TestFactory
    List<DynamicTest> lockedHashMap() {
        return conformance("LockedMap[HashMap]", () -> new LockedMap<>(new HashMap<>()));
    }

    @TestFactory
    List<DynamicTest> readWriteLockedMap() {
        return conformance("ReadWriteLockedMap", ReadWriteLockedMap::new);
    }

    private static List<DynamicTest> conformance(String name, Supplier<Map<String, String>> factory) {
        Test suite = MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        Map<String, String> map = factory.get();
                        for (Map.Entry<String, String> e : entries) {
                            map.put(e.getKey(), e.getValue());
                        }
                        return map;
                    }
                })
                .named(name)
                .withFeatures(
                        MapFeature.GENERAL_PURPOSE,
                        MapFeature.ALLOWS_NULL_KEYS,
                        MapFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionSize.ANY)
                .createTestSuite();
        List<DynamicTest> tests = new ArrayList<>();
        flatten(suite, tests);
        return tests;
    }

    private static void flatten(Test test, List<DynamicTest> out) {
        if (test instanceof TestSuite suite) {
            for (Enumeration<Test> e = suite.tests(); e.hasMoreElements(); ) {
                flatten(e.nextElement(), out);
            }
            return;
        }
        out.add(DynamicTest.dynamicTest(test.toString(), () -> {
            TestResult result = new TestResult();
            test.run(result);
            for (Enumeration<TestFailure> f = result.errors(); f.hasMoreElements(); ) {
                throw new AssertionFailedError(f.nextElement().trace());
            }
            for (Enumeration<TestFailure> f = result.failures(); f.hasMoreElements(); ) {
                throw new AssertionFailedError(f.nextElement().trace());
            }
        }));
    }
}
