package io.gomap.snapshot;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionSize;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import junit.framework.AssertionFailedError;
import junit.framework.Test;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * guava-testlib's Map conformance suite for an unmodifiable map (no put, no remove, no nulls), each JUnit 3 test run
 * as a JUnit 5 dynamic test. The map under test reached its contents through two publications, so the suite reads a
 * snapshot that is not the initial one.
 */
class SnapshotMapConformanceTest {

    @TestFactory
    List<DynamicTest> unmodifiableMapConformance() {
        Test suite = MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        Map<String, String> contents = new LinkedHashMap<>();
                        for (Map.Entry<String, String> e : entries) {
                            contents.put(e.getKey(), e.getValue());
                        }
                        SnapshotMap<String, String> map = new SnapshotMap<>();
                        map.replaceWith(Map.of("stale", "entry"));
                        map.replaceWith(contents);
                        return map;
                    }
                })
                .named("SnapshotMap")
                .withFeatures(CollectionSize.ANY)
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
