package dev.streamlearn.operators.tpp.flink;

import dev.streamlearn.connectors.records.TppMetrics;
import dev.streamlearn.connectors.records.TppScore;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The figures of one event-time window of scores: negative log-likelihood per scored event, the
 * truth's on the same events and the gap, RMSE of the gaps and the type error of what was expected
 * of each event, the model versions used.
 */
public final class TppWindowMetricsFunction {
    private TppWindowMetricsFunction() {}

    /** The running sums of a window (a POJO for Flink's serializer). */
    public static final class Sums {
        public long events;
        public long scored;
        public double ll;
        public long withTruth;
        public double llWithTruth;
        public double truthLl;
        public double squaredGapError;
        public long typeErrors;
        public long minVersion = Long.MAX_VALUE;
        public long maxVersion = Long.MIN_VALUE;

        public Sums() {}
    }

    /** Adds scores up. */
    public static final class Aggregate implements AggregateFunction<TppScore, Sums, Sums> {
        private static final long serialVersionUID = 1L;

        @Override
        public Sums createAccumulator() {
            return new Sums();
        }

        @Override
        public Sums add(TppScore s, Sums a) {
            a.events++;
            a.minVersion = Math.min(a.minVersion, s.version());
            a.maxVersion = Math.max(a.maxVersion, s.version());
            if (!s.scored()) {
                return a;
            }
            a.scored++;
            a.ll += s.logLikelihood();
            a.squaredGapError += s.predictionGapError() * s.predictionGapError();
            a.typeErrors += s.predictionTypeCorrect() ? 0 : 1;
            if (!Double.isNaN(s.truthLogLikelihood())) {
                a.withTruth++;
                a.llWithTruth += s.logLikelihood();
                a.truthLl += s.truthLogLikelihood();
            }
            return a;
        }

        @Override
        public Sums getResult(Sums a) {
            return a;
        }

        @Override
        public Sums merge(Sums a, Sums b) {
            Sums m = new Sums();
            m.events = a.events + b.events;
            m.scored = a.scored + b.scored;
            m.ll = a.ll + b.ll;
            m.withTruth = a.withTruth + b.withTruth;
            m.llWithTruth = a.llWithTruth + b.llWithTruth;
            m.truthLl = a.truthLl + b.truthLl;
            m.squaredGapError = a.squaredGapError + b.squaredGapError;
            m.typeErrors = a.typeErrors + b.typeErrors;
            m.minVersion = Math.min(a.minVersion, b.minVersion);
            m.maxVersion = Math.max(a.maxVersion, b.maxVersion);
            return m;
        }
    }

    /** The window's figures from its sums. */
    public static final class Figures
            extends ProcessAllWindowFunction<Sums, TppMetrics, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Context ctx, Iterable<Sums> sums, Collector<TppMetrics> out) {
            Sums a = sums.iterator().next();
            out.collect(of(ctx.window().getStart(), ctx.window().getEnd(), a));
        }
    }

    /** The figures of sums over {@code [start, end)}. */
    public static TppMetrics of(long start, long end, Sums a) {
        double truthNll = a.withTruth == 0 ? Double.NaN : -a.truthLl / a.withTruth;
        double gap = a.withTruth == 0 ? Double.NaN : (a.llWithTruth - a.truthLl) / a.withTruth;
        return new TppMetrics(
                start,
                end,
                a.events,
                a.scored,
                a.scored == 0 ? Double.NaN : -a.ll / a.scored,
                truthNll,
                gap,
                a.scored == 0 ? Double.NaN : Math.sqrt(a.squaredGapError / a.scored),
                a.scored == 0 ? Double.NaN : (double) a.typeErrors / a.scored,
                a.minVersion,
                a.maxVersion);
    }
}
