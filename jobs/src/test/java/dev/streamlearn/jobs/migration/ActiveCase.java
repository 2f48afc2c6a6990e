package dev.streamlearn.jobs.migration;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The active-learning job, wired by {@link ActiveJob#wire}, on seeded SEA instances (with their
 * ground truth, which the job only scores against) over two stream keys. Instances and the answers
 * to the job's label requests come on two topics whose interleaving in the job is not
 * deterministic, so they are fed in turns: a block of instances, then (once their requests are
 * committed) the answers to exactly those requests. Two requests of the last block before the
 * savepoint stay open across it and are answered after the restore.
 *
 * <p>The label deadline (one day) is far beyond the input's event-time span (minutes), so no
 * request expires, whatever the timing. The watermark is the only thing that could fire a deadline,
 * and its processing-time idleness (the input is marked idle after 5 s without an instance, as
 * between phases) only stops it from holding back; it never moves past the largest instance time
 * seen.
 */
final class ActiveCase implements FrozenCase {
    private static final List<String> STREAMS = List.of("s0", "s1");
    private static final int BLOCK = 60;
    private static final int HELD_OVER = 2;
    private static final Duration DEADLINE = Duration.ofDays(1);
    private static final String GENERATOR = "generators.SEAGenerator -i 13";
    private static final ActiveLearningConfig ACTIVE =
            ActiveLearningConfig.of(
                    StrategyConfig.Kind.SPLIT, BudgetConfig.Kind.CUMULATIVE, 0.2, 5);
    private static final int METRICS_EVERY = 25;

    private final Topics topics =
            new Topics("al-instances", "al-predictions", "al-metrics", "al-dead-letters")
                    .withLabels("al-labels");
    private final String requests = "al-label-requests";

    @Override
    public String name() {
        return "active";
    }

    @Override
    public String jobName() {
        return "frozen-active";
    }

    @Override
    public List<String> inputTopics() {
        return List.of(topics.instances(), topics.labels());
    }

    @Override
    public List<String> outputTopics() {
        return List.of(topics.predictions(), requests, topics.metrics(), topics.deadLetters());
    }

    @Override
    public String deadLetterTopic() {
        return topics.deadLetters();
    }

    ActiveJob.Options options(String bootstrapServers, SchemaCatalog schemas) {
        return ActiveJob.Options.builder(bootstrapServers, schemas)
                .topics(topics, requests)
                .learner(
                        ActiveOperatorConfig.defaults()
                                .withActive(ACTIVE)
                                .withDeadline(DEADLINE)
                                .withMetricsEvery(METRICS_EVERY))
                .ids(jobName(), jobName())
                .build();
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrapServers) {
        ActiveJob.wire(env, options(bootstrapServers, new SeaInput(GENERATOR).schemas()));
    }

    /**
     * A1, A3, B1, B3: blocks of {@value #BLOCK} instances per stream, two bad records each; A2, A4,
     * B2, B4: the answers to the requests of the block before. A2 adds an answer to nothing asked
     * and a bad label; A4 holds back the answers to the last {@value #HELD_OVER} requests and
     * repeats the first A2 answer; B2 sends the held-back answers first and another unknown one; B4
     * repeats the first B2 answer (one of the held-back ones).
     */
    @Override
    public List<Phase> plan() {
        return new Plan(new SeaInput(GENERATOR)).phases();
    }

    /** The plan's state: the answers given and held back so far. */
    private final class Plan {
        private final SeaInput sea;
        private final Map<String, String[]> firstAnswer = new HashMap<>();
        private final List<String[]> heldOver = new ArrayList<>();
        private final List<List<String>> blockIds = new ArrayList<>();
        private long labelTs;

        Plan(SeaInput sea) {
            this.sea = sea;
        }

        List<Phase> phases() {
            List<Phase> phases = new ArrayList<>();
            String[][] names = {{"A1", "A2"}, {"A3", "A4"}, {"B1", "B2"}, {"B3", "B4"}};
            for (int b = 0; b < names.length; b++) {
                int block = b;
                String instancesPhase = names[b][0];
                String labelsPhase = names[b][1];
                phases.add(new Phase(instancesPhase, out -> block(instancesPhase, block)));
                phases.add(new Phase(labelsPhase, out -> answers(labelsPhase, block, out)));
            }
            return phases;
        }

        private List<InputRecord> block(String phase, int block) {
            List<InputRecord> out = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = block * BLOCK; i < (block + 1) * BLOCK; i++) {
                for (String s : STREAMS) {
                    out.add(sea.instance(phase, topics.instances(), s, i, true));
                    ids.add(s + "/" + i);
                }
                if (i % BLOCK == 29) {
                    out.add(sea.badInstance(phase, topics.instances(), STREAMS.get(i % 2)));
                }
            }
            // the end of the phase
            out.add(sea.badInstance(phase, topics.instances(), STREAMS.get(block % 2)));
            blockIds.add(ids);
            labelTs = sea.nextTimestamp() - 500;
            return out;
        }

        /** The answers to the requests of {@code block}, with the phase's extras. */
        private List<InputRecord> answers(String phase, int block, List<OutputRecord> outputs) {
            List<String[]> asked = requested(outputs, blockIds.get(block));
            List<InputRecord> out = new ArrayList<>();
            if (phase.equals("B2")) {
                asked.addAll(0, heldOver);
            }
            if (phase.equals("A4")) {
                heldOver.addAll(asked.subList(asked.size() - HELD_OVER, asked.size()));
                asked = new ArrayList<>(asked.subList(0, asked.size() - HELD_OVER));
            }
            for (String[] r : asked) {
                out.add(sea.label(phase, topics.labels(), r[0], r[1], labelTs));
            }
            switch (phase) {
                case "A2" ->
                        out.add(
                                sea.unknownLabel(
                                        phase, topics.labels(), "s0", "never-asked", labelTs));
                case "A4" -> out.add(duplicate(phase, firstAnswer.get("A2")));
                case "B2" ->
                        out.add(sea.unknownLabel(phase, topics.labels(), "s1", "9999", labelTs));
                case "B4" -> out.add(duplicate(phase, firstAnswer.get("B2")));
                default -> throw new IllegalStateException(phase);
            }
            // the end of the phase
            out.add(SeaInput.badLabel(phase, topics.labels(), "s1", phase, labelTs));
            firstAnswer.put(phase, asked.get(0));
            return out;
        }

        private InputRecord duplicate(String phase, String[] request) {
            return sea.label(phase, topics.labels(), request[0], request[1], labelTs);
        }

        /** {stream, id} of each committed request for an instance of {@code ids}, in order. */
        private List<String[]> requested(List<OutputRecord> outputs, List<String> ids) {
            List<OutputRecord> sorted = new ArrayList<>(outputs);
            sorted.sort(OutputRecord.ORDER);
            List<String[]> out = new ArrayList<>();
            for (OutputRecord r : sorted) {
                String stream = r.value().path("stream").asText();
                String id = r.value().path("id").asText();
                if (r.topic().equals(requests) && ids.contains(stream + "/" + id)) {
                    out.add(new String[] {stream, id});
                }
            }
            if (out.size() <= HELD_OVER) {
                throw new IllegalStateException(
                        "the job asked for only " + out.size() + " labels of a block");
            }
            return out;
        }
    }

    @Override
    public String describe() {
        return """
                Job: `ActiveJob.wire(env, options)`, the active-learning job as users run it. \
                Learner: Hoeffding tree, strategy `%s` under the cumulative budget 0.2, seed 5; \
                label deadline %d day (far beyond the input's event-time span, so nothing \
                expires); metrics every %d instances; watermarks at their defaults; group and \
                transactional-id prefix `%s`. Topics: %s and `%s`.

                Input: SEA (`%s`) over %s with the ground truth on every instance, event time \
                and Kafka timestamp %d plus 1 s per record. A1, A3, B1, B3: blocks of %d \
                instances per stream, with two bad records (one last). A2, A4, B2, B4: the \
                answers to the requests of the block before, fed once the requests were \
                committed and before the next block, then a bad label. A2 adds an answer to \
                nothing asked; A4 holds back the answers to the last %d requests (open across \
                the savepoint) and repeats the first A2 answer; B2 answers the held-back \
                requests first and adds an unknown answer; B4 repeats the first B2 answer.
                """
                .formatted(
                        ACTIVE.strategy().kind().cliName(),
                        DEADLINE.toDays(),
                        METRICS_EVERY,
                        jobName(),
                        topics.all(),
                        requests,
                        GENERATOR,
                        STREAMS,
                        SeaInput.T0,
                        BLOCK,
                        HELD_OVER);
    }
}
