package dev.streamlearn.jobs.cli;

import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code streamlearn} command: the embedded demo, stream producers and the jobs.
 *
 * <pre>
 * streamlearn demo --duration 60s
 * streamlearn produce "generators.SEAGenerator -f 2" --bootstrap-servers localhost:9092
 * streamlearn run prequential --bootstrap-servers localhost:9092 --schema elec
 * </pre>
 */
@Command(
        name = "streamlearn",
        mixinStandardHelpOptions = true,
        versionProvider = Streamlearn.Version.class,
        description = {
            "Online machine learning on Kafka streams, as Apache Flink jobs.",
            "",
            "Start with the demo: it runs a Kafka broker, a Flink cluster with its web UI and the jobs on this machine, feeds them a drifting stream and prints live figures.",
            ""
        },
        subcommands = {
            DemoCommand.class,
            ProduceCommand.class,
            RunCommand.class,
            EnvCommand.class,
            LabellerCommand.class,
            BenchCommand.class,
            InspectCommand.class,
            SoakCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn demo --duration 60s",
            "  streamlearn demo --kafka-port 9092      # then produce with any Kafka client",
            "  streamlearn produce elec --bootstrap-servers localhost:9092",
            "  streamlearn run prequential --bootstrap-servers localhost:9092 --schema elec",
            "  streamlearn run rl --bootstrap-servers localhost:9092 --env CartPole-v1 --algo q",
            "  streamlearn run active --bootstrap-servers localhost:9092 --schema elec --budget 0.1",
            "  streamlearn labeller --bootstrap-servers localhost:9092 --delay 500ms-3s --noise 0.05",
            "  streamlearn env CartPole-v1 --agents 8 --bootstrap-servers localhost:9092 --png curve.png",
            "",
            "Run 'streamlearn help <command>' for the options of one command."
        })
public final class Streamlearn implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Our own logging setup: a jar on the class path (Kafka's test kit) ships a log4j2.yaml
        // that would otherwise win over a log4j2.xml. -Dlog4j2.configurationFile still overrides.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "streamlearn-log4j2.xml");
        }
        int code = commandLine().execute(args);
        if (StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment) {
            System.exit(code);
        }
        // Submitted to a cluster: with the REST API or the web UI this main runs inside the
        // JobManager, which System.exit would stop. Return, or fail the submission.
        if (code != 0) {
            throw new IllegalStateException(
                    "streamlearn " + String.join(" ", args) + " failed with exit code " + code);
        }
    }

    /** The command line with Streamlearn's converters and error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Streamlearn());
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    commandLine
                            .getErr()
                            .println(
                                    commandLine.getColorScheme().errorText("error: " + causes(ex)));
                    if (Boolean.getBoolean("streamlearn.debug")) {
                        ex.printStackTrace(commandLine.getErr());
                    } else {
                        commandLine
                                .getErr()
                                .println("(run with -Dstreamlearn.debug=true for the stack trace)");
                    }
                    return 1;
                });
        return cl;
    }

    /** The messages of an exception and its causes, outermost first, without repeats. */
    static String causes(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (last == null || !last.contains(m)) {
                sb.append(sb.length() > 0 ? "\n  caused by: " : "").append(m);
            }
            last = m;
        }
        return sb.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Streamlearn.class.getPackage().getImplementationVersion();
            return new String[] {"streamlearn " + (v == null ? "development" : v)};
        }
    }
}
