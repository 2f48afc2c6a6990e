package dev.streamlearn.jobs.cli;

/**
 * PyTorch's thread pools in a JVM that runs Flink tasks. By default PyTorch gives every operation
 * as many OpenMP threads as the machine has cores, and those threads spin between operations: next
 * to other Flink tasks on a small machine they took the cores from them (the demo's checkpoints
 * fell from 23 to 7 in 50 s on 2 cores). A task scales with Flink's parallelism instead, so each
 * operation gets one thread, unless the user chose otherwise ({@code
 * -Dai.djl.pytorch.num_threads=N} in {@code STREAMLEARN_JAVA_OPTS}; on a cluster, in {@code
 * env.java.opts.taskmanager}).
 */
final class TorchThreads {
    private TorchThreads() {}

    /** One intra-op and one inter-op thread, unless set; call before PyTorch is first used. */
    static void oneUnlessSet() {
        for (String kind : new String[] {"num_threads", "num_interop_threads"}) {
            String key = "ai.djl.pytorch." + kind;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "1");
            }
        }
    }
}
