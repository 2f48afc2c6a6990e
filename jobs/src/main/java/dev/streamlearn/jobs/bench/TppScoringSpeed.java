package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.continual.Task;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import java.util.Arrays;
import java.util.List;

/**
 * Scoring batched across sequences against one event at a time, on the same events of one task's
 * test set with the same (untrained) model: the work an operator saves by batching.
 */
final class TppScoringSpeed {
    private TppScoringSpeed() {}

    record Figures(
            @JsonProperty("batched_events_per_s") double batched,
            @JsonProperty("one_at_a_time_events_per_s") double oneAtATime,
            double ratio,
            long events) {}

    static Figures measure(
            AttNhpConfig config, NeuralTpp.Training training, Task task, int events) {
        try (NeuralTpp tpp = NeuralTpp.create(config, training)) {
            List<EventSequence> test = task.test();
            tpp.logLikelihood(test.subList(0, Math.min(2, test.size()))); // warm up
            long start = System.nanoTime();
            long batchedEvents = tpp.logLikelihood(test).events();
            double batched = batchedEvents / ((System.nanoTime() - start) / 1e9);
            long done = 0;
            start = System.nanoTime();
            for (EventSequence s : test) {
                for (int i = 2; i <= s.size() && done < events; i++, done++) {
                    tpp.lastEvent(prefix(s, i));
                }
                if (done >= events) {
                    break;
                }
            }
            double single = done / ((System.nanoTime() - start) / 1e9);
            return new Figures(batched, single, batched / single, done);
        }
    }

    private static EventSequence prefix(EventSequence s, int n) {
        return new EventSequence(
                Arrays.copyOf(s.times(), n), Arrays.copyOf(s.types(), n), s.horizon());
    }
}
