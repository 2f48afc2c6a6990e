package dev.streamlearn.jobs.soak;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;

/**
 * The heap in use right after the JVM's last garbage collection: what the heap holds that is still
 * reachable (and old garbage not yet collected), a steadier figure than the heap in use at a random
 * moment, which swings with the young generation.
 */
final class HeapAfterGc {
    private HeapAfterGc() {}

    /** In MB; the heap in use now when no collection has run yet. */
    static double megabytes() {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        GcInfo latest = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                GcInfo info = sun.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        }
        long used = 0;
        for (var pool : latest.getMemoryUsageAfterGc().entrySet()) {
            MemoryUsage usage = pool.getValue();
            if (heapPools.contains(pool.getKey())) {
                used += usage.getUsed();
            }
        }
        return used / 1048576.0;
    }
}
