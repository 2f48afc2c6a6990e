package dev.streamlearn.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the used heap every 20 ms while a benchmark runs, and reports the peak. */
final class HeapSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    HeapSampler() {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        thread =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                peak.accumulateAndGet(
                                        memory.getHeapMemoryUsage().getUsed(), Math::max);
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The peak used heap so far, in MB. */
    double peakMb() {
        return peak.get() / 1e6;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
