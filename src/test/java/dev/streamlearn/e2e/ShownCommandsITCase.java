package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.e2e.ShownCommands.Shown;
import dev.streamlearn.jobs.cli.Streamlearn;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command shown to users, in the README and in the examples of {@code --help}, works as
 * written in a clone with nothing beside it: each parses (options exist, values convert, a {@code
 * --schema} resolves), and each that finishes on its own runs to exit code 0, in short form where
 * it has a count or a duration (the demo for 5 s, 2,000 instances instead of a million, 500 for
 * bench driftmoe with its default learners). Commands that run until stopped (the streaming jobs,
 * the demo without {@code --duration}) are parsed only; commands of other tools must be among the
 * known ones. A command whose short form would do exactly what an earlier one's did (the same
 * subcommand, every option and parameter with the same value, no output the earlier one did not
 * write) is parsed and not run again. A shown {@code localhost:9092} is this suite's broker, and
 * files the commands write go to a temporary folder.
 */
class ShownCommandsITCase {
    private static final Path ROOT = RepositoryStandsAloneTest.ROOT;
    private static final int SHORT_COUNT = 2_000;

    /** bench driftmoe with all its learners (four of them MOA ensembles of 100 members). */
    private static final int SHORT_COUNT_ALL_LEARNERS = 500;

    private static final Set<String> OUTPUT_OPTIONS = Set.of("--out", "--png", "--json", "--csv");

    /** Options whose values this suite picks free for each run: they change no result. */
    private static final Set<String> SUITE_PORTS = Set.of("--web-port", "--kafka-port");

    /** What the short forms run so far did, in order. */
    private static final List<Effect> RUN = new ArrayList<>();

    /** The first words of the other tools' commands that the README shows. */
    private static final List<String> OTHER_TOOLS =
            List.of(
                    "mvn ",
                    "docker ",
                    "docker/build-images.sh",
                    "docker/compose-ci.sh ",
                    "kafka-console-consumer.sh ",
                    "echo ",
                    "export ");

    private static EmbeddedKafka kafka;
    @TempDir static Path work;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "instances", "label-requests", "labels");
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShownCommandParsesAndThoseThatFinishRun() throws IOException {
        List<Shown> shown =
                new ArrayList<>(
                        ShownCommands.all(ROOT.resolve("README.md"), Streamlearn.commandLine()));
        assertThat(shown).as("commands found in the README and the help").hasSizeGreaterThan(30);
        // The demo first: the inspect examples read the checkpoints it leaves.
        shown.sort(Comparator.comparing(s -> !isDemo(s)));
        return shown.stream().map(s -> dynamicTest(s.toString(), () -> check(s)));
    }

    private static boolean isDemo(Shown s) {
        List<String> args = s.streamlearnArgs();
        return args != null && !args.isEmpty() && args.get(0).equals("demo");
    }

    private void check(Shown shown) throws Exception {
        List<String> args = shown.streamlearnArgs();
        if (args == null) {
            args = argsAfterTheJar(shown.words());
        }
        if (args == null) {
            assertThat(OTHER_TOOLS)
                    .as("a command of another tool; add its first word to OTHER_TOOLS")
                    .anyMatch(shown.text()::startsWith);
            return;
        }
        ParseResult parsed = Streamlearn.commandLine().parseArgs(args.toArray(String[]::new));
        List<String> shortForm = shortForm(leaf(parsed), new ArrayList<>(args));
        if (shortForm == null) {
            return;
        }
        Effect effect = Effect.of(shortForm);
        for (Effect earlier : RUN) {
            if (earlier.covers(effect)) {
                System.out.printf(
                        "not run again: streamlearn %s does what streamlearn %s did%n",
                        String.join(" ", shortForm), String.join(" ", earlier.args()));
                return;
            }
        }
        int code =
                assertTimeoutPreemptively(
                        Duration.ofMinutes(3),
                        () -> Streamlearn.commandLine().execute(shortForm.toArray(String[]::new)));
        assertThat(code).as("exit code of streamlearn %s", String.join(" ", shortForm)).isZero();
        RUN.add(effect);
    }

    /**
     * What a short form does: its subcommand, the value of each of its options (defaults included,
     * the ports this suite picks left out) and parameters, and the outputs it writes.
     *
     * @param args the short form
     */
    private record Effect(
            List<String> args, String command, Map<String, String> values, Set<String> outputs) {
        static Effect of(List<String> args) {
            ParseResult leaf =
                    leaf(Streamlearn.commandLine().parseArgs(args.toArray(String[]::new)));
            Map<String, String> values = new TreeMap<>();
            Set<String> outputs = new TreeSet<>();
            for (OptionSpec o : leaf.commandSpec().options()) {
                String name = o.longestName();
                Object value = o.getValue();
                if (OUTPUT_OPTIONS.contains(name)) {
                    if (value != null) {
                        outputs.add(name);
                    }
                } else if (!SUITE_PORTS.contains(name)) {
                    values.put(name, text(value));
                }
            }
            for (PositionalParamSpec p : leaf.commandSpec().positionalParameters()) {
                Object value = p.getValue();
                values.put("parameter " + p.index(), text(value));
            }
            return new Effect(
                    List.copyOf(args), leaf.commandSpec().qualifiedName(), values, outputs);
        }

        /** An array of primitives' text is its identity: such a run is never taken for another. */
        private static String text(Object value) {
            return value instanceof Object[] array
                    ? Arrays.asList(array).toString()
                    : String.valueOf(value);
        }

        /** True when this run did all that {@code later} would do. */
        boolean covers(Effect later) {
            return command.equals(later.command)
                    && values.equals(later.values)
                    && outputs.containsAll(later.outputs);
        }
    }

    /** {@code flink run ... streamlearn-jobs.jar ARGS}: the Streamlearn arguments. */
    private static List<String> argsAfterTheJar(List<String> words) {
        if (!words.get(0).equals("flink")) {
            return null;
        }
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).endsWith(".jar")) {
                return words.subList(i + 1, words.size());
            }
        }
        return null;
    }

    private static ParseResult leaf(ParseResult parsed) {
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed;
    }

    /**
     * The arguments to run, shortened, with this suite's broker and folder; null when the command
     * runs until it is stopped.
     */
    private static List<String> shortForm(ParseResult leaf, List<String> args) throws IOException {
        String name = leaf.commandSpec().qualifiedName();
        if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
            return args;
        }
        switch (name) {
            case "streamlearn demo" -> {
                if (!leaf.hasMatchedOption("--duration")) {
                    return null; // until Ctrl-C
                }
                set(args, "--duration", "5s");
                // checkpoints (the inspect examples read them) and the last commits come sooner
                set(args, "--checkpoint-interval", "1s");
                set(args, "--kafka-port", "0");
                set(args, "--web-port", Integer.toString(freePort()));
            }
            case "streamlearn produce" -> atMost(args, "--count", SHORT_COUNT);
            case "streamlearn produce hawkes" -> {
                set(args, "--entities", "3");
                set(args, "--window", "10s");
                set(args, "--windows-per-regime", "1");
                set(args, "--windows", "2");
                set(args, "--rate", "0");
            }
            case "streamlearn soak" -> {
                // the faults' effects are SoakITCase's: here, that the command runs as shown;
                // 600 records (one of them bad) in 1 s, the job up and its outputs committed
                // sooner. With --fault-every 0s the soak injects no fault whatever --faults says
                // (its shown value was parsed above): the short form leaves it out.
                set(args, "--duration", "1s");
                set(args, "--fault-every", "0s");
                remove(args, "--faults");
                set(args, "--rate", "600");
                set(args, "--checkpoint-interval", "500ms");
                set(args, "--web-port", Integer.toString(freePort()));
                set(args, "--out", "streamlearn-out/soak");
            }
            case "streamlearn labeller" -> {
                if (!leaf.hasMatchedOption("--duration")) {
                    return null; // answers requests until stopped
                }
                set(args, "--duration", "2s");
            }
            case "streamlearn inspect" -> {}
            case "streamlearn bench driftmoe" ->
                    // the default learners include four MOA ensembles of 100 members each
                    atMost(
                            args,
                            "--instances",
                            leaf.hasMatchedOption("--learners")
                                    ? SHORT_COUNT
                                    : SHORT_COUNT_ALL_LEARNERS);
            case "streamlearn bench active", "streamlearn bench job" ->
                    atMost(args, "--instances", SHORT_COUNT);
            case "streamlearn bench state" -> {
                atMost(args, "--records", SHORT_COUNT);
                atMost(args, "--naive-records", SHORT_COUNT / 4);
            }
            case "streamlearn bench rl" -> atMost(args, "--steps", SHORT_COUNT);
            case "streamlearn bench tpp" -> {
                set(args, "--sequences", "6");
                set(args, "--horizon", "30");
                set(args, "--epochs", "1");
                set(args, "--dev-every", "1");
                set(args, "--speed-events", "10");
                atMost(args, "--tasks", 2);
            }
            case "streamlearn bench tpp-job" -> {
                set(args, "--entities", "3");
                set(args, "--window", "10s");
                set(args, "--windows-per-regime", "1");
                set(args, "--epochs", "1");
                set(args, "--max-sequences", "10");
                set(args, "--methods", value(args, "--methods", "prompt").split(",")[0]);
                if (leaf.hasMatchedOption("--rate")) {
                    set(args, "--rate", "200");
                }
            }
            case "streamlearn bench inference" -> {
                if (leaf.hasMatchedOption("--model")
                        || value(args, "--device", "auto").equals("gpu")) {
                    return null; // the user's own model file; a GPU this machine lacks
                }
                set(args, "--duration", "200ms");
                set(args, "--models", "mlp");
            }
            case "streamlearn doctor" -> {
                if (leaf.hasMatchedOption("--model")
                        || value(args, "--device", "auto").equals("gpu")) {
                    return null; // the user's own model file; a GPU this machine lacks
                }
            }
            case "streamlearn bench router" -> set(args, "--seconds", "0.1");
            case "streamlearn bench score" -> {
                set(args, "--duration", "3s");
                set(args, "--rate", "500");
                set(args, "--model", "mlp");
            }
            case "streamlearn bench rl-loop" -> {
                set(args, "--agents", value(args, "--agents", "32").split(",")[0]);
                set(args, "--seconds", "1");
                set(args, "--warm-up", "0s");
            }
            case "streamlearn env" -> {
                return null; // plays against `run rl`, a streaming job that runs until stopped
            }
            default -> {
                assertThat(name)
                        .as("classify %s in ShownCommandsITCase.shortForm", name)
                        .startsWith("streamlearn run ");
                return null; // a streaming job runs until it is cancelled
            }
        }
        return inThisSuite(leaf, args);
    }

    /** This suite's broker, and every relative output under the temporary folder. */
    private static List<String> inThisSuite(ParseResult leaf, List<String> args) {
        var spec = leaf.commandSpec();
        var bootstrap = spec.findOption("--bootstrap-servers");
        // the demo's broker is its own unless it names one
        if (bootstrap != null
                && (bootstrap.required() || leaf.hasMatchedOption("--bootstrap-servers"))) {
            set(args, "--bootstrap-servers", kafka.bootstrapServers());
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean output = i > 0 && OUTPUT_OPTIONS.contains(args.get(i - 1));
            if ((output || a.startsWith("streamlearn-out")) && !Path.of(a).isAbsolute()) {
                args.set(i, work.resolve(a).toString());
            }
        }
        var out = spec.findOption("--out");
        if (out != null && !args.contains("--out") && out.defaultValue() != null) {
            args.add("--out");
            args.add(work.resolve(out.defaultValue()).toString());
        }
        return args;
    }

    private static String value(List<String> args, String option, String otherwise) {
        int i = args.indexOf(option);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
    }

    private static void set(List<String> args, String option, String value) {
        int i = args.indexOf(option);
        if (i >= 0 && i + 1 < args.size()) {
            args.set(i + 1, value);
        } else {
            args.add(option);
            args.add(value);
        }
    }

    private static void remove(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i >= 0) {
            args.subList(i, Math.min(i + 2, args.size())).clear();
        }
    }

    private static void atMost(List<String> args, String option, long max) {
        String v = value(args, option, null);
        if (v == null || Long.parseLong(v) > max) {
            set(args, option, Long.toString(max));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The launcher itself, from a folder outside the repository, on the data set that ships with
     * it: the command of the standalone-repository issue.
     */
    @Test
    void theLauncherRunsABenchmarkOnTheShippedDataFromAnyFolder() throws Exception {
        Path log = work.resolve("launcher.log");
        Process p =
                new ProcessBuilder(
                                ROOT.resolve("streamlearn").toString(),
                                "bench",
                                "driftmoe",
                                "--stream",
                                "elec",
                                "--learners",
                                "driftmoe-data",
                                "--instances",
                                "5000")
                        .directory(Files.createDirectories(work.resolve("elsewhere")).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("elec, 5,000 instances").contains("driftmoe-data");
    }
}
