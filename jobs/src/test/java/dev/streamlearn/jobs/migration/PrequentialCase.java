package dev.streamlearn.jobs.migration;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The prequential job, wired by {@link PrequentialJob#wire}, on seeded SEA instances with bad
 * records mixed in. Two variants:
 *
 * <ul>
 *   <li>{@link #driftMoe()}: DriftMoE ({@code driftmoe-data}) with labels on their own topic, so
 *       that the savepoint also holds instances waiting for their labels, labels that came before
 *       their instances, and a router trained once (it trains every 256 labels) with a part-filled
 *       mini-batch. One stream key only: MoE-Data's router and its Adam moments alone take about
 *       850 kB per key (35,000 parameters, three doubles each).
 *   <li>{@link #hoeffdingTree()}: the job's default MOA learner ({@code trees.HoeffdingTree}) over
 *       three stream keys, with the labels on the instances.
 * </ul>
 */
final class PrequentialCase implements FrozenCase {
    private static final int METRICS_EVERY = 50;
    private static final int BAD_EVERY = 40;

    /** Delayed labels: instances of A without their label at the savepoint, per stream. */
    private static final int WAITING = 20;

    /** Delayed labels: labels sent in A before their instances (sent in B), per stream. */
    private static final int EARLY = 5;

    /** Delayed labels: instances of B still without their label at the end, per stream. */
    private static final int UNLABELLED_AT_END = 10;

    private final String name;
    private final String learner;
    private final String generator;
    private final List<String> streams;
    private final int perStreamA;
    private final int perStreamB;
    private final Topics topics;

    private PrequentialCase(
            String name,
            String prefix,
            String learner,
            String generator,
            List<String> streams,
            int perStreamA,
            int perStreamB) {
        this.name = name;
        this.learner = learner;
        this.generator = generator;
        this.streams = streams;
        this.perStreamA = perStreamA;
        this.perStreamB = perStreamB;
        Topics t =
                new Topics(
                        prefix + "-instances",
                        prefix + "-predictions",
                        prefix + "-metrics",
                        prefix + "-dead-letters");
        this.topics = learner.startsWith("driftmoe") ? t.withLabels(prefix + "-labels") : t;
    }

    static PrequentialCase driftMoe() {
        return new PrequentialCase(
                "prequential-driftmoe",
                "pd",
                "driftmoe-data",
                "generators.SEAGenerator -i 11",
                List.of("s0"),
                300,
                260);
    }

    static PrequentialCase hoeffdingTree() {
        return new PrequentialCase(
                "prequential-hoeffding",
                "ph",
                PrequentialConfig.defaults().learner(),
                "generators.SEAGenerator -i 12",
                List.of("s0", "s1", "s2"),
                120,
                60);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jobName() {
        return "frozen-" + name;
    }

    @Override
    public List<String> inputTopics() {
        return topics.labels() == null
                ? List.of(topics.instances())
                : List.of(topics.instances(), topics.labels());
    }

    @Override
    public List<String> outputTopics() {
        return List.of(topics.predictions(), topics.metrics(), topics.deadLetters());
    }

    @Override
    public String deadLetterTopic() {
        return topics.deadLetters();
    }

    PrequentialJob.Options options(String bootstrapServers, SchemaCatalog schemas) {
        return PrequentialJob.Options.builder(bootstrapServers, schemas)
                .topics(topics)
                .learner(
                        PrequentialConfig.defaults()
                                .withLearner(learner)
                                .withMetricsEvery(METRICS_EVERY))
                .ids(jobName(), jobName())
                .build();
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrapServers) {
        PrequentialJob.wire(env, options(bootstrapServers, new SeaInput(generator).schemas()));
    }

    @Override
    public List<Phase> plan() {
        SeaInput sea = new SeaInput(generator);
        return topics.labels() == null ? labelledPlan(sea) : delayedPlan(sea);
    }

    /** A1: labelled instances 0 to A-1 of every stream; B1: A to A+B-1. */
    private List<Phase> labelledPlan(SeaInput sea) {
        int end = perStreamA + perStreamB;
        return List.of(
                Phase.fixed("A1", instances(sea, "A1", 0, perStreamA, true)),
                Phase.fixed("B1", instances(sea, "B1", perStreamA, end, true)));
    }

    /**
     * A1: instances 0 to A-1 of every stream, unlabelled. A2: their labels but for the last {@value
     * #WAITING}, and the labels of the first {@value #EARLY} instances of B, which come in B1. B1:
     * instances A to A+B-1. B2: the labels still missing but for the last {@value
     * #UNLABELLED_AT_END}.
     */
    private List<Phase> delayedPlan(SeaInput sea) {
        int a = perStreamA;
        int end = a + perStreamB;
        List<InputRecord> a1 = instances(sea, "A1", 0, a, false);
        // labels come half a second after the last instance before them
        long a2Ts = sea.nextTimestamp() - 500;
        List<InputRecord> b1 = instances(sea, "B1", a, end, false);
        long b2Ts = sea.nextTimestamp() - 500;
        List<InputRecord> a2 = labels(sea, "A2", a2Ts, 0, a - WAITING);
        a2.addAll(labels(sea, "A2", a2Ts, a, a + EARLY));
        a2.add(SeaInput.badLabel("A2", topics.labels(), streams.get(0), "7", a2Ts));
        List<InputRecord> b2 = labels(sea, "B2", b2Ts, a - WAITING, a);
        b2.addAll(labels(sea, "B2", b2Ts, a + EARLY, end - UNLABELLED_AT_END));
        b2.add(SeaInput.badLabel("B2", topics.labels(), streams.get(0), "" + a, b2Ts));
        return List.of(
                Phase.fixed("A1", a1),
                Phase.fixed("A2", a2),
                Phase.fixed("B1", b1),
                Phase.fixed("B2", b2));
    }

    /**
     * Instances {@code from} (inclusive) to {@code to} of every stream, round-robin, one bad record
     * in every {@value #BAD_EVERY} and one last (its dead letter marks the end of the phase).
     */
    private List<InputRecord> instances(
            SeaInput sea, String phase, int from, int to, boolean labelled) {
        List<InputRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (String s : streams) {
                out.add(sea.instance(phase, topics.instances(), s, i, labelled));
                if (out.size() % BAD_EVERY == 0) {
                    out.add(sea.badInstance(phase, topics.instances(), s));
                }
            }
        }
        out.add(sea.badInstance(phase, topics.instances(), streams.get(0)));
        return out;
    }

    private List<InputRecord> labels(SeaInput sea, String phase, long ts, int from, int to) {
        List<InputRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (String s : streams) {
                out.add(sea.label(phase, topics.labels(), s, Integer.toString(i), ts));
            }
        }
        return out;
    }

    @Override
    public String describe() {
        int a = perStreamA;
        int end = a + perStreamB;
        String phases =
                topics.labels() == null
                        ? "A1: instances 0-%d of every stream, labelled. B1: instances %d-%d."
                                .formatted(a - 1, a, end - 1)
                        : """
                        A1: instances 0-%d, unlabelled. A2: the labels of 0-%d and, before their \
                        instances, of %d-%d, then a bad label. B1: instances %d-%d (the first %d \
                        meet their labels). B2: the labels of %d-%d and %d-%d, then a bad label.\
                        """
                                .formatted(
                                        a - 1,
                                        a - WAITING - 1,
                                        a,
                                        a + EARLY - 1,
                                        a,
                                        end - 1,
                                        EARLY,
                                        a - WAITING,
                                        a - 1,
                                        a + EARLY,
                                        end - UNLABELLED_AT_END - 1);
        return """
                Job: `PrequentialJob.wire(env, options)`, the prequential job as users run it. \
                Learner: `%s`, metrics every %d labelled instances per stream, other options at \
                their defaults; consumer group and transactional-id prefix `%s`. Topics: %s.

                Input: SEA (`%s`) drawn round-robin over %s, event time and Kafka timestamp %d \
                plus 1 s per record; one bad record in every %d and one at the end of each \
                instances phase (the kinds of `BadRecords` in turn but the oversized one). %s
                """
                .formatted(
                        learner,
                        METRICS_EVERY,
                        jobName(),
                        topics.all(),
                        generator,
                        streams,
                        SeaInput.T0,
                        BAD_EVERY,
                        phases);
    }
}
