package dev.streamlearn.jobs.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job whose state is frozen in a savepoint under {@code savepoints/<release>/<name>/}: how it is
 * built (through its job's own {@code wire}, as users build it), which topics it reads and writes,
 * and the input fed to it, phase by phase. The generator and the migration test build the job from
 * the same case, so a later release that can no longer restore the savepoint, or restores it into a
 * job that behaves differently, fails the test.
 */
interface FrozenCase {

    /** The case's folder under a release folder. */
    String name();

    /** The job's name, consumer group and transactional-id prefix (unique per case). */
    String jobName();

    /** The topics the job reads. */
    List<String> inputTopics();

    /** The topics the job writes, all of them compared after the restore. */
    List<String> outputTopics();

    /** The output topic of the dead letters. */
    String deadLetterTopic();

    /** Adds the whole job (sources, pipeline, sinks) to {@code env}, as its {@code wire} does. */
    void wire(StreamExecutionEnvironment env, String bootstrapServers);

    /**
     * A fresh plan of the input: the same records every time. Phases named {@code A<n>} run before
     * the savepoint, {@code B<n>} after the restore; a phase may depend on what the job committed
     * so far in the current run (the labels the active learner asked for).
     */
    List<Phase> plan();

    /** What the case's README says about the job, its options and its input (Markdown). */
    String describe();

    default List<String> allTopics() {
        List<String> all = new ArrayList<>(inputTopics());
        all.addAll(outputTopics());
        return all;
    }

    /**
     * One feeding phase: its records are produced together, and the next phase starts only once the
     * job has read them all, checkpointed past them and committed what they led to.
     *
     * @param name {@code A1, A2, ...} or {@code B1, ...}
     * @param records the phase's records, given the outputs the job committed so far in this run
     */
    record Phase(String name, Function<List<OutputRecord>, List<InputRecord>> records) {

        static Phase fixed(String name, List<InputRecord> records) {
            return new Phase(name, outputs -> records);
        }

        boolean beforeSavepoint() {
            return name.startsWith("A");
        }
    }
}
