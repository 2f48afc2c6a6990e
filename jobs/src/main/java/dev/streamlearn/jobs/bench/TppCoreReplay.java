package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.OnlineTppLearner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The point-process job's work done by its cores alone, on one thread and without Kafka: each event
 * is scored given its entity's history by the current model (in batches, as the job scores), and
 * each time window is trained, to completion, as soon as an event past its end arrives. Every event
 * is therefore scored by the model trained on all windows before its own: what the job reaches when
 * its training never lags.
 */
final class TppCoreReplay {
    private static final int BATCH = 256;

    private final OnlineTppConfig config;
    private final TppScoreWindows figures;
    private final Map<String, EntityHistory> histories = new HashMap<>();
    private final List<EventSequence> batch = new ArrayList<>();
    private final List<TppEvent> batchEvents = new ArrayList<>();

    TppCoreReplay(OnlineTppConfig config, TppScoreWindows figures) {
        if (config.windowMillis() <= 0 || config.windowEvents() > 0) {
            throw new IllegalArgumentException(
                    "the cores' replay closes windows by event time only, got windows of "
                            + config.windowMillis()
                            + " ms and "
                            + config.windowEvents()
                            + " events; give bench tpp-job a --window duration, not an event"
                            + " count");
        }
        this.config = config;
        this.figures = figures;
    }

    /** Scores and learns every event, in order; returns the seconds it took. */
    double run(List<TppEvent> events) {
        long begin = System.nanoTime();
        long w = config.windowMillis();
        try (OnlineTppLearner learner = OnlineTppLearner.create(config)) {
            long windowEnd = Math.floorDiv(events.get(0).ts(), w) * w + w;
            for (TppEvent e : events) {
                if (e.ts() >= windowEnd) {
                    score(learner);
                    learner.closeBefore(windowEnd);
                    trainWaiting(learner);
                    windowEnd = Math.floorDiv(e.ts(), w) * w + w;
                }
                EntityHistory h =
                        histories.computeIfAbsent(
                                e.entity(), k -> new EntityHistory(config.historyLength()));
                h.append(e.ts(), e.type());
                batch.add(h.sequence(config.unitMillis()));
                batchEvents.add(e);
                if (batch.size() == BATCH) {
                    score(learner);
                }
                learner.add(e.entity(), e.ts(), e.type());
            }
            score(learner);
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    private void score(OnlineTppLearner learner) {
        if (batch.isEmpty()) {
            return;
        }
        List<NextEventForecast> f = learner.model().forecast(batch);
        for (int i = 0; i < f.size(); i++) {
            TppEvent e = batchEvents.get(i);
            double ll =
                    Double.isNaN(f.get(i).eventLogIntensity())
                            ? Double.NaN
                            : f.get(i).logLikelihood();
            figures.add(e.ts(), ll, e.truthLogLikelihood(), learner.version());
        }
        batch.clear();
        batchEvents.clear();
    }

    private static void trainWaiting(OnlineTppLearner learner) {
        for (OnlineTppLearner.Job job = learner.nextJob(); job != null; job = learner.nextJob()) {
            job.run();
            learner.accept(job);
        }
    }
}
