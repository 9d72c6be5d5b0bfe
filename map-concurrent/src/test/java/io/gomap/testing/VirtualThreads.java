package io.gomap.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a test's task on many virtual threads at once. The code stays {@code --release 17}: the JDK 21 API
 * ({@code Executors.newVirtualThreadPerTaskExecutor}, {@code Thread.isVirtual}) is reached through method handles, so
 * tests that use this run only on JDK 21 and later ({@code @EnabledForJreRange(min = JRE.JAVA_21)}).
 */
public final class VirtualThreads {

    /** How long the tasks may take, together: far more than they need, and under the suite's limit per test. */
    private static final long SECONDS = 90;

    /** One task of a test, for thread number {@code i}. */
    public interface Task {
        void run(int i) throws Exception;
    }

    private VirtualThreads() {}

    /**
     * Runs {@code task} for i = 0 .. threads-1, each on its own virtual thread, all parked on one latch first so that
     * they are released at once; rethrows the first failure, and fails if they have not all ended within
     * {@link #SECONDS}. Returns how many of the tasks saw {@code Thread.currentThread().isVirtual()}.
     */
    public static int run(int threads, Task task) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle newExecutor = lookup.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
        MethodHandle isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger virtual = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>(threads);
        ExecutorService executor = (ExecutorService) newExecutor.invoke(); // AutoCloseable only since JDK 19
        try {
            for (int t = 0; t < threads; t++) {
                int i = t;
                done.add(executor.submit(() -> {
                    start.await();
                    try {
                        if ((boolean) isVirtual.invoke(Thread.currentThread())) {
                            virtual.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        throw new AssertionError(e);
                    }
                    task.run(i);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            for (Future<?> f : done) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause();
                } catch (TimeoutException e) {
                    throw new AssertionError("tasks still running after " + SECONDS + " s", e);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        return virtual.get();
    }
}
