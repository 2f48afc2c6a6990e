package dev.streamlearn.jobs.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A part of the demo on a daemon thread of its own; its failure is kept for the main loop. */
final class BackgroundTask {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BackgroundTask(String name, Runnable task) {
        this.thread =
                new Thread(
                        () -> {
                            try {
                                task.run();
                            } catch (RuntimeException e) {
                                failure.set(e);
                            }
                        },
                        name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What stopped the task, or null while it runs or when it ended normally. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits at most {@code timeout} for the task to end. */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }
}
