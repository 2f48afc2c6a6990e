package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.streams.DataSets;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.Streams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamlearn produce}: writes a synthetic stream or a data file to a Kafka topic. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        subcommands = ProduceHawkesCommand.class,
        modelTransformer = ProduceCommand.RequiredOnlyWithoutSubcommand.class,
        description = {
            "Write a labelled stream to a Kafka topic as instance records, with progress.",
            "",
            "(produce hawkes writes the point-process event stream instead: see produce hawkes --help.)",
            "",
            "SOURCE is a MOA stream in MOA's command-line form (class names relative to moa.streams), elec (the Electricity data set that ships with Streamlearn), an .arff file, or a .csv file (with --schema).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # 100,000 SEA instances at 5,000/s to the demo's broker",
            "  streamlearn produce \"generators.SEAGenerator -f 2\" --count 100000 --rate 5000 \\",
            "      --bootstrap-servers localhost:9092",
            "  # the Electricity stream, as fast as possible, stream key 'elec'",
            "  streamlearn produce elec --stream elec --rate 0 --bootstrap-servers localhost:9092",
            "  # a drifting stream over 4 stream keys, one bad record in 100",
            "  streamlearn produce \"ConceptDriftStream -s (generators.SEAGenerator -f 1)"
                    + " -d (generators.SEAGenerator -f 3) -p 50000 -w 1000\" --streams 4 --bad-every 100 \\",
            "      --bootstrap-servers localhost:9092"
        })
final class ProduceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SOURCE",
            description = "MOA stream CLI string, elec, .arff or .csv file")
    String source;

    @Mixin KafkaMixin kafka;

    @Option(
            names = "--topic",
            defaultValue = "instances",
            description = "target topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(
            names = "--stream",
            defaultValue = "s1",
            description = "the stream key written in each record (default: ${DEFAULT-VALUE})")
    String stream;

    @Option(
            names = "--streams",
            defaultValue = "1",
            description =
                    "spread the source over N stream keys STREAM-1..STREAM-N (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(
            names = "--count",
            description = "records to write (default: all of a file, 100000 of a generator)")
    Long count;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description =
                    "records per second; 0 for as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--bad-every",
            defaultValue = "0",
            description =
                    "write a malformed or invalid record every N records, to exercise the"
                            + " dead-letter topic; 0 for none (default: ${DEFAULT-VALUE})")
    int badEvery;

    @Option(names = "--schema", description = "schema of a .csv source (.json or .arff header)")
    Path schema;

    @Override
    public Integer call() {
        if (source == null || kafka.bootstrapServers == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing required "
                            + (source == null
                                    ? "parameter: 'SOURCE'"
                                    : "option: '--bootstrap-servers'")
                            + " (or a subcommand: produce hawkes)");
        }
        kafka.check();
        if (streams < 1) {
            throw new IllegalArgumentException("--streams must be at least 1, got " + streams);
        }
        try (LabelledStream src = Streams.open(source, schema);
                StreamProducer producer =
                        new StreamProducer(kafka.bootstrapServers, kafka.client(), topic)) {
            boolean file =
                    source.endsWith(".arff")
                            || source.endsWith(".csv")
                            || DataSets.named(source).isPresent();
            long n = count != null ? count : file ? Long.MAX_VALUE : 100_000;
            List<StreamProducer.Feed> feeds = new ArrayList<>();
            for (int i = 1; i <= streams; i++) {
                feeds.add(new StreamProducer.Feed(streams == 1 ? stream : stream + "-" + i, src));
            }
            System.err.printf(
                    "writing %s to topic '%s' at %s (schema '%s': %d attributes, classes %s)%n",
                    source,
                    topic,
                    kafka.bootstrapServers,
                    src.schema().name(),
                    src.schema().numAttributes(),
                    src.schema().classValues());
            long start = System.nanoTime();
            producer.run(
                    feeds,
                    n,
                    rate,
                    badEvery,
                    () -> false,
                    sent -> {
                        double secs = (System.nanoTime() - start) / 1e9;
                        System.err.printf(
                                "  sent %,d records (%,.0f/s)%n",
                                sent, sent / Math.max(secs, 1e-9));
                    });
            System.err.printf(
                    "done: %,d records (%,d bad) in %.1f s%n",
                    producer.sent(), producer.bad(), (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /**
     * Picocli checks a command's required options and parameters even when one of its subcommands
     * runs ({@code produce hawkes}, whose own {@code --bootstrap-servers} is required): {@code
     * produce} checks its own in {@link #call}.
     */
    static final class RequiredOnlyWithoutSubcommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionSpec servers = spec.findOption("--bootstrap-servers");
            spec.remove(servers);
            spec.addOption(servers.toBuilder().required(false).build());
            return spec;
        }
    }
}
