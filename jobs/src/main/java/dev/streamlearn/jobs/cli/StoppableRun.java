package dev.streamlearn.jobs.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a local job until it ends or is stopped. Ctrl-C (SIGINT) or SIGTERM stops it with a
 * savepoint, which the same command resumes from; a second Ctrl-C leaves at once, and the next
 * start then resumes from the newest retained checkpoint. The signals are taken over instead of
 * left to shutdown hooks, which would tear Flink's temporary folders down under the savepoint.
 */
final class StoppableRun {
    private static final long SAVEPOINT_MINUTES = 5;

    private StoppableRun() {}

    static int run(StreamExecutionEnvironment env, String name, Path savepoints) throws Exception {
        JobClient client = env.executeAsync(name);
        AtomicReference<CompletableFuture<String>> stopping = new AtomicReference<>();
        Runnable onSignal = () -> stop(client, savepoints, stopping);
        Signals.handle("INT", onSignal);
        Signals.handle("TERM", onSignal);
        try {
            client.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            if (stopping.get() == null) {
                throw e;
            }
        }
        CompletableFuture<String> savepoint = stopping.get();
        if (savepoint != null) {
            String path =
                    Path.of(URI.create(savepoint.get(SAVEPOINT_MINUTES, TimeUnit.MINUTES)))
                            .toString();
            System.err.printf(
                    "stopped with savepoint %s; the same command resumes from it%n", path);
        }
        return 0;
    }

    private static synchronized void stop(
            JobClient client,
            Path savepoints,
            AtomicReference<CompletableFuture<String>> stopping) {
        if (stopping.get() != null) {
            System.err.println(
                    "left without a savepoint; the next start resumes from the newest retained"
                            + " checkpoint");
            Runtime.getRuntime().halt(130);
        }
        System.err.printf(
                "stopping with a savepoint in %s (Ctrl-C again to leave at once)%n", savepoints);
        stopping.set(
                client.stopWithSavepoint(
                        false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL));
    }
}
