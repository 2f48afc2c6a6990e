package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.jobs.cli.Streamlearn;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * Checks that everything {@code docker-compose.yml} names exists in this build: the mounted jobs
 * jar is the jar the build makes, the main class and the subcommand arguments of the one-shot
 * services are accepted by the real command line, the bootstrap servers and checkpoint folder match
 * what the broker and the Flink containers declare. No Docker needed: the file is only read.
 */
class DockerComposeFileTest {
    /** Surefire runs in {@code e2e/}; the compose file and the jobs module are beside it. */
    private static final Path ROOT = Path.of("..");

    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final Path JOBS_POM = ROOT.resolve("jobs/pom.xml");
    private static final String JAR_IN_CONTAINER = "/opt/streamlearn/streamlearn-jobs.jar";

    /** Flink's {@code run} options that take a value; the first other token is the jar. */
    private static final Set<String> FLINK_RUN_OPTIONS_WITH_VALUE =
            Set.of(
                    "-c",
                    "--class",
                    "-m",
                    "--jobmanager",
                    "-p",
                    "--parallelism",
                    "-s",
                    "--fromSavepoint",
                    "-C",
                    "--classpath",
                    "-cm",
                    "--claimMode",
                    "-t",
                    "--target",
                    "-D");

    private static JsonNode compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        assertThat(COMPOSE_FILE).as("the compose file at the repository root").isRegularFile();
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE_FILE.toFile());
    }

    @Test
    void mountedJarIsTheJarTheJobsModuleBuilds() throws Exception {
        Path built = shadedJarOfJobsModule();
        assertThat(built).isEqualTo(Path.of("jobs/target/streamlearn-jobs.jar"));

        for (String name : List.of("jobmanager", "taskmanager", "submit", "producer")) {
            JsonNode mount = mountAt(service(name), JAR_IN_CONTAINER);
            assertThat(mount)
                    .as("service '%s' mounts the jobs jar at %s", name, JAR_IN_CONTAINER)
                    .isNotNull();
            assertThat(Path.of(mount.path("source").asText()).normalize())
                    .as("host path of the jobs jar mounted by '%s'", name)
                    .isEqualTo(built);
            assertThat(mount.path("read_only").asBoolean())
                    .as("the jobs jar is mounted read-only in '%s'", name)
                    .isTrue();
        }
    }

    @Test
    void submitRunsAMainClassOfThisBuild() throws Exception {
        FlinkRun run = flinkRunOfSubmit();
        assertThat(run.jar()).isEqualTo(JAR_IN_CONTAINER);

        Class<?> mainClass = Class.forName(run.mainClass());
        Method main = mainClass.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()))
                .as("%s.main(String[]) is static", run.mainClass())
                .isTrue();
        assertThat(mainClass).isEqualTo(Streamlearn.class);
    }

    @Test
    void submitArgumentsParseWithTheRealCommandLine() {
        CommandLine.ParseResult job = parse(flinkRunOfSubmit().programArgs());
        assertThat(job.commandSpec().qualifiedName(" ")).isEqualTo("streamlearn run prequential");

        // --schema resolves while the command line is parsed
        StreamSchema schema = job.matchedOptionValue("--schema", null);
        assertThat(schema.numAttributes()).as("attributes of the --schema").isPositive();
    }

    @Test
    void producerArgumentsParseAndWriteTheTopicTheJobReads() {
        List<String> command = textList(service("producer").path("command"));
        assertThat(command).as("the producer runs java").isNotEmpty().startsWith("java");
        int cp = Math.max(command.indexOf("-cp"), command.indexOf("-classpath"));
        assertThat(cp).as("the producer's java command sets -cp").isPositive();
        assertThat(command.get(cp + 1).split(":"))
                .as("the producer's class path")
                .contains(JAR_IN_CONTAINER);
        assertThat(command.get(cp + 2)).isEqualTo(Streamlearn.class.getName());

        CommandLine.ParseResult produce = parse(command.subList(cp + 3, command.size()));
        assertThat(produce.commandSpec().qualifiedName(" ")).isEqualTo("streamlearn produce");
        String source = produce.matchedPositionalValue(0, "");
        assertThat(MoaGeneratorStream.open(source).schema().numAttributes())
                .as("the producer's SOURCE '%s' resolves", source)
                .isPositive();

        CommandLine.ParseResult job = parse(flinkRunOfSubmit().programArgs());
        String instancesTopic = job.commandSpec().findOption("--instances-topic").getValue();
        assertThat(produce.commandSpec().findOption("--topic").<String>getValue())
                .as("the producer writes the topic the job reads")
                .isEqualTo(instancesTopic);
        assertThat(produce.commandSpec().findOption("--bootstrap-servers").<String>getValue())
                .as("producer and job use the same broker")
                .isEqualTo(job.matchedOptionValue("--bootstrap-servers", ""));
    }

    @Test
    void jobManagerPublishesTheWebUiOn8081() {
        assertThat(publishedPorts(service("jobmanager"))).containsEntry(8081, 8081);
        assertThat(flinkRunOfSubmit().jobManager()).isEqualTo("jobmanager:8081");
    }

    @Test
    void submitBootstrapServersAreAListenerOfTheKafkaService() {
        String bootstrap =
                parse(flinkRunOfSubmit().programArgs())
                        .matchedOptionValue("--bootstrap-servers", "");
        for (String server : bootstrap.split(",")) {
            String host = server.substring(0, server.lastIndexOf(':'));
            JsonNode kafka = service(host);
            Map<String, String> env = environment(kafka);
            Map<String, URI> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
            String listener =
                    advertised.entrySet().stream()
                            .filter(e -> server.equals(hostPort(e.getValue())))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse(null);
            assertThat(listener)
                    .as("service '%s' advertises %s (advertised: %s)", host, server, advertised)
                    .isNotNull();
            URI bound = listeners(env.get("KAFKA_LISTENERS")).get(listener);
            assertThat(bound)
                    .as("listener %s is declared in KAFKA_LISTENERS", listener)
                    .isNotNull();
            assertThat(bound.getPort()).isEqualTo(advertised.get(listener).getPort());
        }
    }

    @Test
    void kafkaHostListenersArePublishedAndTheBrokerSuitsTheClients() {
        JsonNode kafka = service("kafka");
        Map<String, String> env = environment(kafka);
        Map<Integer, Integer> ports = publishedPorts(kafka);
        listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).values().stream()
                .filter(uri -> uri.getHost().equals("localhost"))
                .forEach(
                        uri ->
                                assertThat(ports)
                                        .as("host listener %s is published", uri)
                                        .containsEntry(uri.getPort(), uri.getPort()));
        assertThat(env)
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(Uuid.fromString(env.get("CLUSTER_ID")))
                .as("CLUSTER_ID is a Kafka UUID")
                .isNotNull();
        assertThat(kafka.path("image").asText())
                .as("the broker image matches the Kafka client of this build")
                .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        for (String name : List.of("jobmanager", "taskmanager", "submit", "producer")) {
            assertThat(service(name).path("image").asText())
                    .as("the Flink image of '%s' matches the Flink of this build", name)
                    .startsWith("flink:" + EnvironmentInformation.getVersion() + "-java17");
        }
    }

    @Test
    void everyNamedVolumeIsDeclaredAndCheckpointsAreShared() {
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        for (Map.Entry<String, JsonNode> s : compose.path("services").properties()) {
            for (JsonNode m : mounts(s.getValue())) {
                if (m.path("type").asText().equals("volume")) {
                    assertThat(declared)
                            .as(
                                    "volume '%s' of service '%s' is declared at top level",
                                    m.path("source").asText(), s.getKey())
                            .contains(m.path("source").asText());
                }
            }
        }

        List<String> checkpointDirs = new ArrayList<>();
        for (String name : List.of("jobmanager", "taskmanager")) {
            String dir =
                    flinkProperties(service(name)).getOrDefault("execution.checkpointing.dir", "");
            assertThat(dir).as("execution.checkpointing.dir of '%s'", name).startsWith("file:///");
            checkpointDirs.add(URI.create(dir).getPath());
        }
        FlinkRun run = flinkRunOfSubmit();
        int i = run.programArgs().indexOf("--checkpoint-dir");
        if (i >= 0) {
            checkpointDirs.add(run.programArgs().get(i + 1));
        }
        for (String dir : checkpointDirs) {
            JsonNode jm = mountAt(service("jobmanager"), dir);
            JsonNode tm = mountAt(service("taskmanager"), dir);
            assertThat(jm)
                    .as("jobmanager mounts a volume at checkpoint folder %s", dir)
                    .isNotNull();
            assertThat(tm)
                    .as("taskmanager mounts a volume at checkpoint folder %s", dir)
                    .isNotNull();
            assertThat(jm.path("type").asText()).isEqualTo("volume");
            assertThat(tm.path("source").asText())
                    .as("jobmanager and taskmanager share the checkpoint volume")
                    .isEqualTo(jm.path("source").asText());
        }
    }

    /**
     * docker-compose.ci.yml overrides every service of docker-compose.yml, and only those: each
     * runs on the host network (no bridge network where there is none) from a local image.
     */
    @Test
    void ciOverrideRunsEveryServiceOnTheHostNetworkFromALocalImage() throws IOException {
        JsonNode file =
                new ObjectMapper(new YAMLFactory())
                        .readTree(ROOT.resolve("docker-compose.ci.yml").toFile());
        JsonNode ci = file.path("services");
        Set<String> names = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        Set<String> ciNames = new TreeSet<>();
        ci.fieldNames().forEachRemaining(ciNames::add);
        assertThat(ciNames).as("services of docker-compose.ci.yml").isEqualTo(names);
        for (String name : names) {
            JsonNode s = ci.get(name);
            // a service has its own settings or merges the x-flink-ci anchor ("<<: *flink-ci",
            // a merge key that the YAML reader leaves unresolved)
            JsonNode merged = s.has("<<") ? file.path("x-flink-ci") : s;
            String network = s.path("network_mode").asText(merged.path("network_mode").asText());
            String image = s.path("image").asText(merged.path("image").asText());
            assertThat(network).as("network_mode of %s", name).isEqualTo("host");
            assertThat(image).as("image of %s", name).startsWith("local/streamlearn-");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The parts of the compose file the checks need, in both its short and long syntaxes.

    private static JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        if (s.isMissingNode()) {
            fail("docker-compose.yml has no service '%s'", name);
        }
        return s;
    }

    /** Mounts in long syntax; short entries {@code source:target[:mode]} are converted. */
    private static List<JsonNode> mounts(JsonNode service) {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            if (v.isObject()) {
                out.add(v);
                continue;
            }
            String[] parts = v.asText().split(":");
            var m = mapper.createObjectNode();
            if (parts.length == 1) {
                m.put("type", "volume").put("target", parts[0]);
            } else {
                boolean path = parts[0].startsWith(".") || parts[0].startsWith("/");
                m.put("type", path ? "bind" : "volume")
                        .put("source", parts[0])
                        .put("target", parts[1])
                        .put("read_only", parts.length > 2 && parts[2].contains("ro"));
            }
            out.add(m);
        }
        return out;
    }

    private static JsonNode mountAt(JsonNode service, String target) {
        String wanted = Path.of(target).normalize().toString();
        return mounts(service).stream()
                .filter(
                        m ->
                                Path.of(m.path("target").asText())
                                        .normalize()
                                        .toString()
                                        .equals(wanted))
                .findFirst()
                .orElse(null);
    }

    /** Container port to host port. */
    private static Map<Integer, Integer> publishedPorts(JsonNode service) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (JsonNode p : service.path("ports")) {
            if (p.isObject()) {
                out.put(p.path("target").asInt(), p.path("published").asInt());
            } else {
                String[] parts = p.asText().split("/")[0].split(":");
                if (parts.length >= 2) {
                    out.put(
                            Integer.parseInt(parts[parts.length - 1]),
                            Integer.parseInt(parts[parts.length - 2]));
                }
            }
        }
        return out;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode env = service.path("environment");
        if (env.isObject()) {
            env.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } else {
            for (JsonNode e : env) {
                String[] kv = e.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    /**
     * The {@code key: value} lines of {@code FLINK_PROPERTIES}, as Flink's entry point reads them.
     */
    private static Map<String, String> flinkProperties(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        String props = environment(service).getOrDefault("FLINK_PROPERTIES", "");
        for (String line : props.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** {@code NAME://host:port,...} as listener name to address. */
    private static Map<String, URI> listeners(String spec) {
        assertThat(spec).as("a Kafka listener list").isNotBlank();
        Map<String, URI> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            URI uri = URI.create(l.trim());
            out.put(uri.getScheme(), uri);
        }
        return out;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static List<String> textList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.addAll(shellWords(node.asText()));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // The submit service's flink run line.

    /** What a {@code flink run} line asks for. */
    private record FlinkRun(
            String jobManager, String mainClass, String jar, List<String> programArgs) {}

    private static FlinkRun flinkRunOfSubmit() {
        List<String> command = textList(service("submit").path("command"));
        String script =
                command.size() >= 3 && command.get(1).equals("-c")
                        ? command.get(2)
                        : String.join(" ", command);
        String line =
                script.lines()
                        .filter(l -> l.contains("flink run"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "the submit service has no 'flink run' line: "
                                                        + script));
        // Compose writes a literal $ as $$; none belongs in the flink run line itself.
        List<String> words = shellWords(line.replace("$$", "$"));
        int i = words.indexOf("flink");
        assertThat(i).as("the flink command in: %s", line).isNotNegative();
        assertThat(words.subList(0, i)).as("only 'exec' precedes flink").isSubsetOf("exec");
        assertThat(words.get(i + 1)).isEqualTo("run");
        Map<String, String> options = new LinkedHashMap<>();
        i += 2;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String option = words.get(i++);
            options.put(
                    option, FLINK_RUN_OPTIONS_WITH_VALUE.contains(option) ? words.get(i++) : "");
        }
        assertThat(i).as("flink run names a jar").isLessThan(words.size());
        String mainClass = options.getOrDefault("-c", options.get("--class"));
        assertThat(mainClass).as("flink run names its main class with -c").isNotNull();
        return new FlinkRun(
                options.getOrDefault("-m", options.get("--jobmanager")),
                mainClass,
                words.get(i),
                List.copyOf(words.subList(i + 1, words.size())));
    }

    /** Splits a shell line into words, honouring single and double quotes and backslashes. */
    static List<String> shellWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';') {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            fail("unbalanced quote in: %s", line);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    /**
     * Parses (never runs) {@code args} with the real command line; every level must match every
     * argument. Returns the innermost subcommand's result.
     */
    private static CommandLine.ParseResult parse(List<String> args) {
        CommandLine.ParseResult result;
        try {
            result = Streamlearn.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("streamlearn rejects " + args + ": " + e.getMessage(), e);
        }
        CommandLine.ParseResult leaf = result;
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            assertThat(r.unmatched())
                    .as("arguments '%s' does not understand", r.commandSpec().qualifiedName(" "))
                    .isEmpty();
            leaf = r;
        }
        return leaf;
    }

    // ---------------------------------------------------------------------------------------

    /** The jobs module's shade outputFile, relative to the repository root. */
    private static Path shadedJarOfJobsModule() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element pom =
                factory.newDocumentBuilder()
                        .parse(Files.newInputStream(JOBS_POM))
                        .getDocumentElement();
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int p = 0; p < plugins.getLength(); p++) {
            Element plugin = (Element) plugins.item(p);
            if (!text(plugin, "artifactId").equals("maven-shade-plugin")) {
                continue;
            }
            String outputFile = text(plugin, "outputFile");
            assertThat(outputFile)
                    .as("the shade plugin of jobs/pom.xml sets outputFile")
                    .isNotEmpty();
            String resolved =
                    outputFile
                            .replace("${project.build.directory}", "target")
                            .replace("${project.basedir}/", "")
                            .replace("${basedir}/", "");
            assertThat(resolved)
                    .as("outputFile %s uses no other property", outputFile)
                    .doesNotContain("${");
            return Path.of("jobs").resolve(resolved).normalize();
        }
        throw new AssertionError("jobs/pom.xml has no maven-shade-plugin");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
