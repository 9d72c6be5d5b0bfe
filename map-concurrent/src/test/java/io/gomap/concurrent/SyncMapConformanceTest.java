package io.gomap.concurrent;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.testers.MapToStringTester;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import junit.framework.AssertionFailedError;
import junit.framework.Test;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap conformance suite, each JUnit 3 test run as a JUnit 5 dynamic test. */
class SyncMapConformanceTest {

    @TestFactory
    List<DynamicTest> concurrentMapConformance() throws NoSuchMethodException {
        // MapToStringTester compares toString() with the order of a second, separate iteration. Every walk of a
        // SyncMap starts at a random pair of its snapshot, as Go's range does, so orders may differ.
        Method[] orderDependent = {
            MapToStringTester.class.getMethod("testToStringWithNullKey"),
            MapToStringTester.class.getMethod("testToStringWithNullValue"),
            MapToStringTester.class.getMethod("testToString_formatting"),
        };
        Test suite = ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        SyncMap<String, String> map = new SyncMap<>();
                        for (Map.Entry<String, String> e : entries) {
                            map.put(e.getKey(), e.getValue());
                        }
                        return map;
                    }
                })
                .named("SyncMap")
                .withFeatures(
                        MapFeature.GENERAL_PURPOSE,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.SERIALIZABLE,
                        CollectionSize.ANY)
                .suppressing(orderDependent)
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
