package dev.streamlearn.operators.flink;

import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.flink.metrics.MetricGroup;

/**
 * The base of the keyed-model adapters: the figures of every model on the heap of the subtask,
 * summarised for the web UI over all its keys (a mean and the worst key's, or a total, and the
 * number of keys), not the figures of whichever key came last, so that a gauge means something with
 * many streams or agents.
 *
 * <pre>{@code
 * protected void declareFigures(Figures<PrequentialLearner> f) {
 *     f.meanAndLowest("accuracy", l -> l.evaluator().accuracy())   // accuracy, accuracyLowest
 *      .total("unlabelledGivenUp", l -> l.delayed().givenUp());     // summed over the keys
 * }
 * }</pre>
 *
 * <p>A subclass calls {@link #observed} after a record or timer changed a model; figures are
 * published to the gauges at most every {@link Figures#PUBLISH_EVERY_NANOS} of processing.
 */
public abstract class ModelFunction<IN, OUT, M> implements KeyedModelFunction<String, IN, OUT, M> {
    private static final long serialVersionUID = 1L;

    private transient Figures<M> figures;

    /** Declares the figures that the web UI shows over the keys of a subtask. */
    protected abstract void declareFigures(Figures<M> figures);

    /** The name of the gauge that counts the keys, e.g. {@code streams} or {@code agents}. */
    protected abstract String keysName();

    /** Registers the figures' gauges; a subclass that adds metrics calls this first. */
    @Override
    public void open(MetricGroup metrics) {
        figures = new Figures<>();
        declareFigures(figures);
        figures.register(metrics, keysName());
    }

    /** Takes the figures of {@code key}'s model after it changed. */
    protected final void observed(String key, M model) {
        if (figures != null) {
            figures.update(key, model);
        }
    }

    @Override
    public void onUnloaded(String key) {
        if (figures != null) {
            figures.remove(key);
        }
    }

    /** The figures as the gauges show them now (tests). */
    Figures<M> figures() {
        return figures;
    }

    /**
     * Named figures of a model, kept per key on the task thread and published, summarised over the
     * keys, to gauges that the metric reporters read from their own thread.
     */
    public static final class Figures<M> {
        /** How often the summary is recomputed while records flow: 200 ms. */
        public static final long PUBLISH_EVERY_NANOS = 200_000_000L;

        private enum Kind {
            MEAN,
            LOW_IS_WORSE,
            HIGH_IS_WORSE,
            TOTAL
        }

        private record Figure<M>(String name, Kind kind, ToDoubleFunction<M> value) {}

        private final List<Figure<M>> declared = new ArrayList<>();
        private final Map<String, double[]> byKey = new HashMap<>();
        private volatile double[] published = new double[0];
        private volatile int keys;
        private long publishedAt = Long.MIN_VALUE;

        /** Gauges {@code name} (the mean over the keys) and {@code nameLowest} (the worst key). */
        public Figures<M> meanAndLowest(String name, ToDoubleFunction<M> value) {
            declared.add(new Figure<>(name, Kind.LOW_IS_WORSE, value));
            return this;
        }

        /** Gauges {@code name} (the mean over the keys) and {@code nameHighest} (the worst key). */
        public Figures<M> meanAndHighest(String name, ToDoubleFunction<M> value) {
            declared.add(new Figure<>(name, Kind.HIGH_IS_WORSE, value));
            return this;
        }

        /** Gauge {@code name}: the mean over the keys. */
        public Figures<M> mean(String name, ToDoubleFunction<M> value) {
            declared.add(new Figure<>(name, Kind.MEAN, value));
            return this;
        }

        /** Gauge {@code name}: the sum over the keys. */
        public Figures<M> total(String name, ToDoubleFunction<M> value) {
            declared.add(new Figure<>(name, Kind.TOTAL, value));
            return this;
        }

        void register(MetricGroup metrics, String keysName) {
            metrics.gauge(keysName, () -> keys);
            for (int i = 0; i < declared.size(); i++) {
                Figure<M> f = declared.get(i);
                int slot = 2 * i;
                metrics.gauge(f.name(), () -> read(slot));
                if (f.kind() == Kind.LOW_IS_WORSE) {
                    metrics.gauge(f.name() + "Lowest", () -> read(slot + 1));
                } else if (f.kind() == Kind.HIGH_IS_WORSE) {
                    metrics.gauge(f.name() + "Highest", () -> read(slot + 1));
                }
            }
        }

        private double read(int slot) {
            double[] p = published;
            return slot < p.length ? p[slot] : 0.0;
        }

        void update(String key, M model) {
            double[] values = byKey.computeIfAbsent(key, k -> new double[declared.size()]);
            for (int i = 0; i < values.length; i++) {
                values[i] = declared.get(i).value().applyAsDouble(model);
            }
            long now = System.nanoTime();
            if (publishedAt == Long.MIN_VALUE || now - publishedAt >= PUBLISH_EVERY_NANOS) {
                publish(now);
            }
        }

        void remove(String key) {
            if (byKey.remove(key) != null) {
                publish(System.nanoTime());
            }
        }

        /**
         * Recomputes the summary: per figure the mean over the keys whose value is a number (NaN
         * before a first episode or label is left out) and the worst of them, or the total.
         */
        void publish(long now) {
            double[] p = new double[2 * declared.size()];
            for (int i = 0; i < declared.size(); i++) {
                Kind kind = declared.get(i).kind();
                double sum = 0;
                int n = 0;
                double worst = kind == Kind.LOW_IS_WORSE ? Double.MAX_VALUE : -Double.MAX_VALUE;
                for (double[] values : byKey.values()) {
                    double v = values[i];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                        worst = kind == Kind.LOW_IS_WORSE ? Math.min(worst, v) : Math.max(worst, v);
                    }
                }
                p[2 * i] = kind == Kind.TOTAL ? sum : n == 0 ? 0.0 : sum / n;
                p[2 * i + 1] = n == 0 ? 0.0 : worst;
            }
            published = p;
            keys = byKey.size();
            publishedAt = now;
        }

        /** The published value of a gauge by name (tests). */
        double gauge(String name) {
            for (int i = 0; i < declared.size(); i++) {
                String n = declared.get(i).name();
                if (name.equals(n)) {
                    return read(2 * i);
                }
                if (name.equals(n + "Lowest") || name.equals(n + "Highest")) {
                    return read(2 * i + 1);
                }
            }
            throw new IllegalArgumentException("no figure " + name);
        }

        int keys() {
            return keys;
        }
    }
}
