package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.jobs.rl.EnvironmentRunner;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.runtime.RuntimeSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * {@code streamlearn demo}: a real Kafka broker in this JVM, a Flink MiniCluster with its web UI, a
 * producer that feeds drifting SEA streams over several stream keys (with a few bad records), and
 * the jobs; an active learner per stream whose label requests a simulated labeller answers late;
 * CartPole agents that learn live through the RL job; live figures once a second and a report at
 * the end.
 */
public final class Demo {
    /** How long and how far {@link #warmUp} runs at most. */
    private static final Duration WARM_UP = Duration.ofSeconds(4);

    private static final int WARM_UP_INSTANCES = 40_000;

    /** The topics of the demo's RL loop. */
    static final RlTopics RL_TOPICS = new RlTopics("observations", "actions", "rl-dead-letters");

    /**
     * @param duration how long to run; null to run until {@link #requestStop()}
     * @param kafka the demo's own broker (its port for outside clients; 0 for any free one) or an
     *     outside cluster
     * @param webPort the Flink web UI port
     * @param streams number of stream keys
     * @param rate records per second, all streams together
     * @param badEvery one bad record every this many; 0 for none
     * @param out folder for the report, checkpoints and temporary files
     * @param checkpointInterval time between checkpoints (and output commits)
     * @param parallelism operator parallelism
     * @param learner the classifier per stream: driftmoe-data, driftmoe-task or a MOA CLI string
     * @param rlAgents CartPole agents that learn live through the RL job; 0 for none
     * @param activeBudget label budget of the active-learning job, whose label requests a simulated
     *     labeller answers; 0 for no active learning
     * @param tppEntities entities whose events the point-process job scores and learns from; 0 for
     *     none
     * @param resumeFrom the snapshot of an earlier demo in {@code out} to go on from (its models,
     *     its topics and its producer's place); null for a new demo, which removes what an earlier
     *     one left in {@code out}
     */
    public record Config(
            Duration duration,
            DemoKafka.Where kafka,
            int webPort,
            int streams,
            double rate,
            int badEvery,
            Path out,
            Duration checkpointInterval,
            int parallelism,
            String learner,
            int rlAgents,
            double activeBudget,
            int tppEntities,
            Path resumeFrom) {

        public Config {
            if (streams < 1) {
                throw new IllegalArgumentException("--streams must be at least 1, got " + streams);
            }
            if (rate <= 0) {
                throw new IllegalArgumentException("--rate must be positive, got " + rate);
            }
            if (rlAgents < 0) {
                throw new IllegalArgumentException(
                        "--rl-agents must be 0 (none) or more, got " + rlAgents);
            }
            if (tppEntities < 0) {
                throw new IllegalArgumentException(
                        "--tpp-entities must be 0 (none) or more, got " + tppEntities);
            }
            if (!(activeBudget >= 0 && activeBudget <= 1)) {
                throw new IllegalArgumentException(
                        "--active-budget must lie in [0, 1] (labels per instance; 0 for no active"
                                + " learning), got "
                                + activeBudget);
            }
        }
    }

    private final Config config;
    private final PrintStream console;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    public Demo(Config config, PrintStream console) {
        this.config = config;
        this.console = console;
    }

    /** Asks a running demo to stop (e.g. from a Ctrl-C hook); it still drains and reports. */
    public void requestStop() {
        stop.set(true);
    }

    /** Waits until {@link #run()} has cleaned up. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the demo to its end; returns the process exit code. */
    public int run() throws Exception {
        try {
            return runDemo();
        } finally {
            finished.countDown();
        }
    }

    private int runDemo() throws Exception {
        Topics topics = Topics.defaults();
        console.println(
                config.kafka().outside()
                        ? "streamlearn demo: connecting to Kafka, starting a Flink MiniCluster and"
                                + " the jobs ..."
                        : "streamlearn demo: starting a Kafka broker, a Flink MiniCluster and the"
                                + " jobs ...");
        boolean resume = config.resumeFrom() != null;
        if (!resume) {
            removeEarlierState();
        }
        try (DemoKafka kafka = DemoKafka.open(config.kafka(), state("kafka"))) {
            if (!resume) {
                refuseEarlierRecords(kafka, topics);
            }
            createTopics(kafka, topics);
            List<StreamProducer.Feed> feeds = feeds();
            StreamSchema schema = feeds.get(0).source().schema();
            warmUp(schema);
            long earlier = resume ? kafka.recordsIn(topics.instances()) : 0;
            JobClient job = startJob(kafka, topics, schema);
            printBanner(kafka.bootstrapServers(), topics, schema, earlier);
            DemoReport report = new DemoReport(config, kafka.bootstrapServers(), topics);
            try (StreamProducer producer =
                            new StreamProducer(
                                    kafka.bootstrapServers(), kafka.client(), topics.instances());
                    DemoMonitor monitor =
                            new DemoMonitor(
                                    kafka.bootstrapServers(),
                                    kafka.client(),
                                    topics,
                                    config.webPort())) {
                producer.continueAfter(feeds, earlier, config.badEvery());
                Running running = new Running(kafka, job, producer, monitor, feeds);
                return running.untilStopped(report) ? running.finish(report) : 1;
            }
        }
    }

    /** A folder of the demo's state in {@code --out}: its broker's log, checkpoints, savepoints. */
    private Path state(String name) {
        return config.out().toAbsolutePath().resolve(name);
    }

    /**
     * A new demo removes what an earlier one left in {@code --out} (its broker's log, checkpoints
     * and savepoints: none of it means anything without the others), so that a later {@code
     * --resume} cannot mix them.
     */
    private void removeEarlierState() throws IOException {
        boolean removed = false;
        for (String name : List.of("kafka", "checkpoints", "savepoints")) {
            if (Files.exists(state(name))) {
                FileUtils.deleteDirectory(state(name).toFile());
                removed = true;
            }
        }
        if (removed) {
            console.printf(
                    "  a new demo: the earlier demo's broker log and checkpoints in %s are removed"
                            + " (--resume goes on with them instead)%n",
                    config.out());
        }
    }

    /** On an outside cluster, a new demo refuses topics that hold an earlier run's records. */
    private void refuseEarlierRecords(DemoKafka kafka, Topics topics) {
        long earlier = kafka.recordsIn(topics.instances());
        if (earlier > 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "topic '%s' on %s already holds %,d records of an earlier demo. Add"
                                    + " --resume (with the same --out) to go on with that demo, or"
                                    + " delete the demo's topics first: kafka-topics.sh"
                                    + " --bootstrap-server %s --delete --topic '%s'",
                            topics.instances(),
                            kafka.bootstrapServers(),
                            earlier,
                            kafka.bootstrapServers(),
                            String.join("|", allTopics(topics))));
        }
    }

    private void createTopics(DemoKafka kafka, Topics topics) {
        kafka.createTopics(4, List.of(topics.instances()));
        List<String> rest = allTopics(topics);
        rest.remove(topics.instances());
        kafka.createTopics(2, rest);
    }

    /** Every topic the demo reads or writes with its settings. */
    private List<String> allTopics(Topics topics) {
        List<String> all = new ArrayList<>(topics.all());
        if (config.rlAgents() > 0) {
            all.addAll(RL_TOPICS.all());
        }
        if (activeLearning()) {
            for (String t : ActiveLabelling.TOPICS.all()) {
                if (!all.contains(t)) {
                    all.add(t);
                }
            }
            all.add(ActiveLabelling.REQUESTS);
        }
        if (config.tppEntities() > 0) {
            all.addAll(TppSection.TOPICS.all());
        }
        return all;
    }

    /** The demo while it runs: the job, the feeder, the agents, the labeller and the figures. */
    private final class Running {
        private final JobClient job;
        private final String jobId;
        private final StreamProducer producer;
        private final DemoMonitor monitor;
        private final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        private final Thread feeder;
        private final CartPoleAgents cartPole;
        private final ActiveLabelling active;
        private final TppSection tpp;
        private final long start = System.nanoTime();

        Running(
                DemoKafka kafka,
                JobClient job,
                StreamProducer producer,
                DemoMonitor monitor,
                List<StreamProducer.Feed> feeds) {
            this.job = job;
            this.jobId = job.getJobID().toString();
            this.producer = producer;
            this.monitor = monitor;
            this.feeder = new Thread(() -> feed(feeds), "demo-producer");
            feeder.setDaemon(true);
            feeder.start();
            this.cartPole =
                    config.rlAgents() > 0
                            ? CartPoleAgents.start(
                                    kafka,
                                    config.rlAgents(),
                                    // above every episode of an earlier run of a resumed demo
                                    kafka.recordsIn(RL_TOPICS.observations()),
                                    stop::get)
                            : null;
            this.active =
                    activeLearning()
                            ? ActiveLabelling.start(kafka, config.webPort(), stop::get)
                            : null;
            this.tpp =
                    config.tppEntities() > 0
                            ? TppSection.start(kafka, config.tppEntities(), stop::get)
                            : null;
        }

        private void feed(List<StreamProducer.Feed> feeds) {
            try {
                producer.run(
                        feeds,
                        Long.MAX_VALUE,
                        config.rate(),
                        config.badEvery(),
                        stop::get,
                        n -> {});
            } catch (RuntimeException e) {
                producerFailure.set(e);
            }
        }

        private double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        private String figuresLine() {
            return figures(seconds(), producer.sent(), monitor)
                    + rlFigures(cartPole)
                    + (active != null ? active.figures() : "")
                    + (tpp != null ? tpp.figures() : "");
        }

        /**
         * Prints the figures every second until the duration is over or Ctrl-C; false when the job
         * stopped on its own.
         */
        boolean untilStopped(DemoReport report) throws Exception {
            long nextTick = start;
            while (!stop.get()) {
                nextTick += TimeUnit.SECONDS.toNanos(1);
                monitor.poll(jobId);
                if (active != null) {
                    active.poll();
                }
                if (tpp != null) {
                    tpp.poll();
                }
                console.println(figuresLine());
                report.sample(seconds(), monitor.latestMetrics());
                if (config.duration() != null
                        && seconds() >= config.duration().toMillis() / 1000.0) {
                    stop.set(true);
                }
                JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    stop.set(true);
                    feeder.join(10_000);
                    console.println(
                            "the job stopped unexpectedly: " + status + "; see the log above");
                    return false;
                }
                failIfAPartFailed();
                long wait = nextTick - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            return true;
        }

        private void failIfAPartFailed() throws Exception {
            Throwable failure = null;
            String part = null;
            if (cartPole != null && cartPole.failure() != null) {
                failure = cartPole.failure();
                part = "CartPole agents";
            } else if (active != null && active.failure() != null) {
                failure = active.failure();
                part = "labeller";
            } else if (tpp != null && tpp.failure() != null) {
                failure = tpp.failure();
                part = "point-process events";
            } else if (producerFailure.get() != null) {
                failure = producerFailure.get();
                part = "producer";
            }
            if (failure != null) {
                stop.set(true);
                job.cancel().get(30, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "the demo's " + part + " failed: " + failure.getMessage(), failure);
            }
        }

        /**
         * Reads outputs until there is one for every record the demo sent and then none new for two
         * checkpoint intervals (records from outside clients have outputs too, and may come last),
         * for 20 s at most.
         */
        private void drain() {
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long quietFor = 2 * config.checkpointInterval().toNanos();
            long seen = -1;
            long lastNew = System.nanoTime();
            while (System.nanoTime() < drainUntil) {
                monitor.poll(jobId);
                long out = monitor.predictions() + monitor.deadLetters();
                if (out != seen) {
                    seen = out;
                    lastNew = System.nanoTime();
                } else if (out >= producer.sent() && System.nanoTime() - lastNew > quietFor) {
                    return;
                }
            }
        }

        /** Waits for the last outputs, cancels the job and writes the report. */
        int finish(DemoReport report) throws Exception {
            feeder.join(10_000);
            console.println("stopping: waiting for the last outputs to commit ...");
            drain();
            if (active != null) {
                active.join(Duration.ofSeconds(10));
                active.poll();
            }
            double secs = seconds();
            console.println(figuresLine());
            stopWithSavepoint(job);
            if (cartPole != null) {
                cartPole.finish(config.out(), console);
            }
            if (active != null) {
                active.close();
            }
            if (tpp != null) {
                tpp.finish(config.out(), console);
            }
            Path written =
                    report.write(
                            new DemoReport.Run(
                                    secs, producer.sent(), producer.bad(), monitor, active, tpp));
            console.printf(
                    "done: %,d records in, %,d predictions and %,d dead letters out, %d checkpoints."
                            + " Report: %s%n",
                    producer.sent(),
                    monitor.predictions(),
                    monitor.deadLetters(),
                    monitor.checkpoints(),
                    written);
            return 0;
        }
    }

    /**
     * Stops the job with a savepoint in {@code --out}, which {@code --resume} goes on from; cancels
     * it when that fails (the newest retained checkpoint is then the one to go on from).
     */
    private void stopWithSavepoint(JobClient job) throws Exception {
        try {
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    state("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);
            console.printf(
                    "stopped with savepoint %s; 'streamlearn demo --resume' goes on from it%n",
                    Path.of(URI.create(savepoint)));
        } catch (ExecutionException | TimeoutException e) {
            console.printf(
                    "the savepoint failed (%s); cancelling: --resume goes on from the newest"
                            + " checkpoint%n",
                    e.getCause() != null ? e.getCause().getMessage() : e.toString());
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private List<StreamProducer.Feed> feeds() {
        List<StreamProducer.Feed> feeds = new ArrayList<>();
        long perStreamPerSecond = Math.max(1, Math.round(config.rate() / config.streams()));
        for (int i = 1; i <= config.streams(); i++) {
            // Each stream drifts from SEA concept 1 to concept 3, stream i after about 15*i
            // seconds.
            long driftAt = 15 * i * perStreamPerSecond;
            String cli =
                    String.format(
                            "ConceptDriftStream -s (generators.SEAGenerator -f 1 -i %d)"
                                    + " -d (generators.SEAGenerator -f 3 -i %d) -p %d -w %d -r %d",
                            i, i, driftAt, Math.max(1, perStreamPerSecond), i);
            feeds.add(new StreamProducer.Feed("sea-" + i, MoaGeneratorStream.open(cli)));
        }
        return feeds;
    }

    /**
     * Runs the learner on a private SEA stream for a moment before the jobs start. Its network's
     * training loops run a few times per 256 instances, so under the demo's load (three jobs, a
     * broker and a producer on 2 cores) the JIT took 15 to 40 s to compile them, and the
     * classification job fell tens of thousands of records behind meanwhile.
     */
    private void warmUp(StreamSchema schema) {
        console.println("  warming up the learner's code ...");
        PrequentialLearner learner =
                PrequentialLearner.create(
                        PrequentialConfig.defaults().withLearner(config.learner()), schema);
        long until = System.nanoTime() + WARM_UP.toNanos();
        try (LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 99")) {
            for (int i = 0; i < WARM_UP_INSTANCES && System.nanoTime() < until; i++) {
                LabelledStream.Example e = sea.next();
                learner.testThenTrain(e.x(), e.y());
            }
        }
    }

    private JobClient startJob(DemoKafka kafka, Topics topics, StreamSchema schema)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        StreamExecutionEnvironment env = environment();
        env.setParallelism(config.parallelism());
        PrequentialJob.Options options =
                PrequentialJob.Options.builder(bootstrap, SchemaCatalog.forAll(schema))
                        .topics(topics)
                        .learner(
                                PrequentialConfig.defaults()
                                        .withLearner(config.learner())
                                        .withMetricsEvery(500))
                        .ids("streamlearn-demo", "streamlearn-demo")
                        .kafka(kafka.client())
                        .maxRecordBytes(64 * 1024)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build();
        PrequentialJob.wire(env, options);
        if (config.rlAgents() > 0) {
            // the RL job's pipeline in the same job graph: one job, one web UI
            RlJob.wire(
                    env,
                    RlJob.Options.builder(bootstrap, demoAgents())
                            .topics(RL_TOPICS)
                            .environment("CartPole-v1")
                            .ids("streamlearn-demo-rl", "streamlearn-demo-rl")
                            .kafka(kafka.client())
                            .startFrom(KafkaSources.StartFrom.EARLIEST)
                            .build());
        }
        if (activeLearning()) {
            wireActive(env, kafka, schema);
        }
        if (config.tppEntities() > 0) {
            env.setParallelism(1); // one subtask per operator, as the active-learning job
            TppSection.wire(env, bootstrap, kafka.client());
            env.setParallelism(config.parallelism());
        }
        return env.executeAsync("streamlearn-demo");
    }

    /** The local environment with the web UI, resumed from the earlier demo's snapshot if any. */
    private StreamExecutionEnvironment environment() {
        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(config.checkpointInterval())
                        .withCheckpointDir(state("checkpoints"))
                        .withTmpDir(state("tmp"))
                        .toConfiguration();
        if (config.resumeFrom() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, config.resumeFrom().toUri().toString());
            // the demo owns its snapshots: Flink deletes this one once newer ones subsume it
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        }
        conf.set(RestOptions.PORT, config.webPort());
        // the demo's web UI can cancel jobs and upload jars: this machine only
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        // the checkpoint count as it is: the REST API otherwise caches it for the web UI's refresh
        // interval (3 s), so that the figures and the report lagged up to 3 s behind
        conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
        // In-flight buffers sized to about a second of throughput: with the CartPole agents
        // competing for 2 cores, full default buffers held the classification job's checkpoint
        // barriers for 17 s and more (2 checkpoints in 30 s; with debloating 15, as without agents)
        conf.set(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED, true);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /**
     * The active-learning job's pipeline on the same instances with its own group; one subtask per
     * operator is plenty for it and leaves the 2 cores of a small machine to the classification job
     * (transformations take the parallelism set when they are made).
     */
    private void wireActive(StreamExecutionEnvironment env, DemoKafka kafka, StreamSchema schema) {
        String bootstrap = kafka.bootstrapServers();
        env.setParallelism(1);
        ActiveJob.wire(
                env,
                ActiveJob.Options.builder(bootstrap, SchemaCatalog.forAll(schema))
                        .topics(ActiveLabelling.TOPICS, ActiveLabelling.REQUESTS)
                        .learner(
                                ActiveOperatorConfig.defaults()
                                        .withActive(
                                                ActiveLearningConfig.guarded()
                                                        .withBudget(
                                                                BudgetConfig.of(
                                                                        BudgetConfig.Kind
                                                                                .CUMULATIVE,
                                                                        config.activeBudget())))
                                        .withMetricsEvery(250))
                        .ids("streamlearn-demo-active", "streamlearn-demo-active")
                        .kafka(kafka.client())
                        .maxRecordBytes(64 * 1024)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build());
        env.setParallelism(config.parallelism());
    }

    private boolean activeLearning() {
        return config.activeBudget() > 0;
    }

    /**
     * AC(lambda) with the reference's settings: it needs no exploration schedule and plays its
     * first full-length episode after 2,000 to 4,000 steps, so learning shows within a minute.
     */
    private static AgentSpec demoAgents() {
        return AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.AC, 0);
    }

    private void printBanner(String bootstrap, Topics topics, StreamSchema schema, long earlier) {
        if (config.resumeFrom() != null) {
            console.printf(
                    "  resumed:           from %s; the models go on, the producer after the %,d"
                            + " records sent before%n",
                    config.resumeFrom(), earlier);
        }
        console.printf("  Flink web UI:      http://localhost:%d%n", config.webPort());
        console.printf("  Kafka:             %s%n", bootstrap);
        console.printf(
                "  topics:            in '%s'; out '%s', '%s', '%s'%n",
                topics.instances(), topics.predictions(), topics.metrics(), topics.deadLetters());
        console.printf("  learner:           %s per stream%n", config.learner());
        console.printf(
                "  streams:           %d drifting SEA streams (sea-1..sea-%d), %,.0f records/s,"
                        + " a bad record every %d%n",
                config.streams(), config.streams(), config.rate(), config.badEvery());
        console.printf(
                "  your own records:  {\"stream\":\"mine\",\"id\":\"1\",\"x\":[1.0,2.0,3.0],\"y\":\"%s\"}"
                        + " (attributes %s, classes %s)%n",
                schema.classValues().get(0),
                schema.attributes().stream().map(a -> a.name()).toList(),
                schema.classValues());
        if (config.rlAgents() > 0) {
            console.printf(
                    "  RL:                %d CartPole-v1 agents (AC(lambda)) play through '%s' ->"
                            + " job -> '%s'; learning curve written at the end%n",
                    config.rlAgents(), RL_TOPICS.observations(), RL_TOPICS.actions());
        }
        if (activeLearning()) {
            console.printf(
                    "  active learning:   Variable Uncertainty asks for labels within a budget of"
                            + " %.2f on '%s'; a simulated labeller answers on '%s' after 0.5-3 s;"
                            + " outputs '%s', '%s', '%s'%n",
                    config.activeBudget(),
                    ActiveLabelling.REQUESTS,
                    ActiveLabelling.TOPICS.labels(),
                    ActiveLabelling.TOPICS.predictions(),
                    ActiveLabelling.TOPICS.metrics(),
                    ActiveLabelling.TOPICS.deadLetters());
        }
        console.printf(
                "  outputs commit at each checkpoint (every %.1f s); Ctrl-C stops%n",
                config.checkpointInterval().toMillis() / 1000.0);
    }

    private static String rlFigures(CartPoleAgents cartPole) {
        if (cartPole == null) {
            return "";
        }
        EnvironmentRunner.Live live = cartPole.live();
        return String.format(
                " | CartPole %,d episodes, mean return %.0f",
                live.episodes(),
                Double.isNaN(live.meanReturnLast20()) ? 0 : live.meanReturnLast20());
    }

    private static String figures(double secs, long in, DemoMonitor m) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "[%4.0fs] in %,9d | predictions %,9d | dead letters %,6d | checkpoints %3d | accuracy",
                        secs, in, m.predictions(), m.deadLetters(), m.checkpoints()));
        for (Map.Entry<String, JsonNode> e : m.latestMetrics().entrySet()) {
            sb.append(
                    String.format(
                            " %s %.3f",
                            e.getKey(), e.getValue().path("window_accuracy").asDouble()));
        }
        return sb.toString();
    }
}
