package dev.streamlearn.jobs;

import dev.streamlearn.jobs.cli.Streamlearn;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code streamlearn} run as a user runs it, in a JVM of its own (so that it can be killed with
 * SIGKILL or stopped with SIGTERM), on this test's class path, with its output in a log file.
 */
public final class StreamlearnProcess {
    private final Process process;
    private final Path log;

    private StreamlearnProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code streamlearn ARGS}, with {@code jvmArgs} before the class (e.g. -D...). */
    static StreamlearnProcess start(Path log, List<String> jvmArgs, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                command.add(arg);
            }
        }
        command.add("-Xmx1g");
        command.addAll(jvmArgs);
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), Streamlearn.class.getName()));
        command.addAll(args);
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new StreamlearnProcess(p, log);
    }

    Process process() {
        return process;
    }

    /** Everything it printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** What it told its user: its output without Flink's and Kafka's log lines. */
    List<String> told() {
        return output().lines()
                .filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d.*") && !l.startsWith("\t"))
                .toList();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
