package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.TppJob;
import dev.streamlearn.jobs.TppModelFile;
import dev.streamlearn.jobs.TppTopics;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.StartingModel;
import dev.streamlearn.state.global.GlobalModelOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn run tpp}: the point-process job, PromptTPP scoring and learning live. */
@Command(
        name = "tpp",
        mixinStandardHelpOptions = true,
        description = {
            "Scores every event of many entities with one global neural point process (AttNHP with PromptTPP's prompt pool) the moment it arrives, while the model keeps learning from windows of the stream.",
            "",
            "Events come in on --events-topic, each entity's in time order:",
            "  {\"entity\":\"u1\",\"ts\":1732600000000,\"type\":\"click\"}   (type one of --types; optional \"truth_ll\")",
            "Scores go out on --scores-topic, exactly once (read them read_committed), keyed by entity:",
            "  {\"entity\":\"u1\",\"ts\":...,\"type\":\"click\",\"ll\":-1.4,\"event_ll\":-0.6,\"compensator\":0.8,",
            "   \"next_ts\":...,\"next_type\":{\"click\":0.5,...},\"version\":3}",
            "ll is the event's log-likelihood given the entity's last --history events (absent for its first event); next_ts the expected time of its next event; version the model that scored it.",
            "",
            "Learning: every --window of event time (or --window-events events) closes a window; a copy of the model trains on it for --epochs (prompt pool included) while scoring goes on with the previous version; the result is published as the next version on --models-topic (compacted, keyed by model name, JSON with the codec bytes in base64) and every scoring subtask takes it from there. Versions go on across restarts.",
            "",
            "Starting from a trained model: --initial-model FILE (from bench tpp --export-model, or a record copied from a model topic) is the model both the scoring and the training start from, at the file's version: the first window trains it into the next version. The model must have the job's network: as many types as --types, a prompt pool unless --no-prompts; its own learning rate and optimizer state go on with it. A job that resumes from a checkpoint or savepoint goes on with the model in its state, not the file's. (A model only published on --models-topic would change the scoring until the next trained version replaced it.)",
            "--metrics-topic gets, per window: NLL per event, its gap to truth_ll when events carry it, RMSE of the expected gaps, type error, versions used. Events that are not JSON, of an unknown type, or before their entity's last event go to --dead-letters-topic with the reason.",
            "",
            "The scoring runs where --device says, as run score's inference does: on the GPU the TaskManager offers (external resource 'gpu') or else the first the engine sees when --device allows one, else on the CPU; each scoring subtask logs which and why. The training runs on the CPU.",
            "Web UI gauges: tpp-score: modelVersion, nllPerEvent, lastBatchSize, device; tpp-train: modelVersion, windowsTrained, windowsWaiting, trainingLagMs (watermark behind the newest trained window), lastTrainingMillis, lastTrainingLoss.",
            "PyTorch runs each operation on one thread here: a task scales with --parallelism, and PyTorch's default of a thread per core for every operation took the cores from the other tasks. Set -Dai.djl.pytorch.num_threads=N in STREAMLEARN_JAVA_OPTS (on a cluster, in env.java.opts.taskmanager) to choose.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # the Hawkes regime stream of bench tpp, then the job on it",
            "  streamlearn produce hawkes --bootstrap-servers localhost:9092",
            "  streamlearn run tpp --types k0,k1,k2 --bootstrap-servers localhost:9092",
            "  # without the prompt pool (the fine-tune chain), windows of 5,000 events",
            "  streamlearn run tpp --types k0,k1,k2 --no-prompts --window-events 5000 --bootstrap-servers localhost:9092",
            "  # starting from the prompt chain trained offline on the regime stream",
            "  streamlearn bench tpp --methods prompt --export-model streamlearn-out/tpp-prompt.json",
            "  streamlearn run tpp --types k0,k1,k2 --initial-model streamlearn-out/tpp-prompt.json --bootstrap-servers localhost:9092"
        })
final class RunTppCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Mixin DeviceMixin device;

    @Option(
            names = "--types",
            required = true,
            split = ",",
            description = "the event types, in order, e.g. click,view,buy")
    List<String> types;

    @Option(
            names = "--history",
            defaultValue = "32",
            description =
                    "events kept per entity, the newest scored given the others (default: ${DEFAULT-VALUE})")
    int history;

    @Option(
            names = "--time-unit",
            defaultValue = "1s",
            description = "the model's unit of time (default: ${DEFAULT-VALUE})")
    Duration timeUnit;

    @Option(
            names = "--window",
            defaultValue = "100s",
            description =
                    "event time per training window; 0s for windows by count only (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(
            names = "--window-events",
            defaultValue = "0",
            description =
                    "close a window at this many events; 0 for by time only (default: ${DEFAULT-VALUE})")
    int windowEvents;

    @Option(
            names = "--epochs",
            defaultValue = "3",
            description = "training passes over a window (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--max-sequences",
            defaultValue = "400",
            description =
                    "sequences of --history events trained on per window at most, sampled evenly (default: ${DEFAULT-VALUE})")
    int maxSequences;

    @Option(
            names = "--no-prompts",
            description = "AttNHP without the prompt pool: the fine-tune chain")
    boolean noPrompts;

    @Option(
            names = "--seed",
            defaultValue = "2026",
            description =
                    "seed of the untrained model and of its training; a model from --initial-model"
                            + " keeps its own (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--initial-model",
            paramLabel = "FILE",
            description =
                    "start the scoring and the training from this model, at its version, instead of"
                            + " an untrained one: a file of bench tpp --export-model or a record of"
                            + " a model topic; ignored when the job resumes from a checkpoint or"
                            + " savepoint, whose model goes on")
    Path initialModel;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "events per scoring call at most (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--max-wait",
            defaultValue = "20ms",
            description =
                    "how long a scoring batch waits for more events (default: ${DEFAULT-VALUE})")
    Duration maxWait;

    @Option(
            names = "--max-delay",
            defaultValue = "0s",
            description =
                    "how far the watermark stays behind the newest event (default: ${DEFAULT-VALUE})")
    Duration maxDelay;

    @Option(
            names = "--metrics-window",
            description = "event time per metrics record (default: --window, or 100s)")
    Duration metricsWindow;

    @Option(
            names = "--events-topic",
            defaultValue = "events",
            description = "(default: ${DEFAULT-VALUE})")
    String eventsTopic;

    @Option(
            names = "--scores-topic",
            defaultValue = "tpp-scores",
            description = "(default: ${DEFAULT-VALUE})")
    String scoresTopic;

    @Option(
            names = "--metrics-topic",
            defaultValue = "tpp-metrics",
            description = "(default: ${DEFAULT-VALUE})")
    String metricsTopic;

    @Option(
            names = "--models-topic",
            defaultValue = "tpp-models",
            description =
                    "the model stream, created compacted when missing (default: ${DEFAULT-VALUE})")
    String modelsTopic;

    @Option(
            names = "--dead-letters-topic",
            defaultValue = "tpp-dead-letters",
            description = "(default: ${DEFAULT-VALUE})")
    String deadLettersTopic;

    @Override
    public Integer call() throws Exception {
        TorchThreads.oneUnlessSet();
        OnlineTppConfig config =
                OnlineTppConfig.defaults(types.size(), !noPrompts, seed)
                        .withHistoryLength(history)
                        .withUnitMillis(timeUnit.toMillis())
                        .withWindow(window.toMillis(), windowEvents)
                        .withEpochs(epochs)
                        .withMaxSequences(maxSequences);
        if (initialModel != null) {
            config = startingFrom(config);
        }
        String name = job.name("streamlearn-tpp");
        TppTopics topics =
                new TppTopics(
                        eventsTopic, scoresTopic, metricsTopic, modelsTopic, deadLettersTopic);
        TppJob.Builder builder =
                job.applyTo(TppJob.Options.builder(job.bootstrapServers(), types), name)
                        .topics(topics)
                        .model(config)
                        .scoring(new GlobalModelOptions(batchSize, maxWait))
                        .device(device.preference())
                        .maxDelay(maxDelay);
        if (metricsWindow != null) {
            builder.metricsWindow(metricsWindow);
        }
        TppJob.Options options = builder.build();
        StreamExecutionEnvironment env =
                job.environment(name, "--types", "--history", "--no-prompts", "--seed");
        createCompacted(modelsTopic);
        TppJob.wire(env, options);
        return job.execute(
                env,
                name,
                String.format(
                        "%s, %s; %s -> %s, %s, %s; models on %s",
                        (noPrompts ? "AttNHP" : "AttNHP with the prompt pool")
                                + (initialModel == null
                                        ? ""
                                        : String.format(
                                                " from %s (version %d)",
                                                initialModel, config.initialVersion())),
                        windowEvents > 0
                                ? "windows of " + windowEvents + " events"
                                : "windows of " + window,
                        eventsTopic,
                        scoresTopic,
                        metricsTopic,
                        deadLettersTopic,
                        modelsTopic));
    }

    /**
     * {@code config} starting from the {@code --initial-model}; a model of another network is
     * refused with what differs and the options that make the job's network the model's.
     */
    private OnlineTppConfig startingFrom(OnlineTppConfig config) throws IOException {
        StartingModel start = TppModelFile.read(initialModel);
        try {
            return config.withStartingModel(start);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "--initial-model %s does not fit this job: %s. %s",
                            initialModel, e.getMessage(), fix(start.network())),
                    e);
        }
    }

    /** What makes the job's network that of a model. */
    private String fix(AttNhpConfig model) {
        List<String> fixes = new ArrayList<>();
        if (model.types() != types.size()) {
            fixes.add(
                    String.format(
                            "The model knows %d event types: give --types %d names, in the order"
                                    + " it was trained on",
                            model.types(), model.types()));
        }
        if (model.prompts() == noPrompts) {
            fixes.add(
                    model.prompts()
                            ? "The model has a prompt pool: drop --no-prompts"
                            : "The model has no prompt pool: add --no-prompts");
        }
        if (fixes.isEmpty()) {
            fixes.add(
                    "The job builds the reference sizes that bench tpp trains; export a model of"
                            + " those sizes");
        }
        return String.join(". ", fixes) + ".";
    }

    /** The model topic, compacted (the newest version of each model stays), if it is missing. */
    private void createCompacted(String topic) throws Exception {
        try (Admin admin = Admin.create(job.kafkaProperties())) {
            Set<String> existing = admin.listTopics().names().get();
            if (!existing.contains(topic)) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(topic, 1, (short) -1)
                                                .configs(Map.of("cleanup.policy", "compact"))))
                        .all()
                        .get();
            }
        }
    }
}
