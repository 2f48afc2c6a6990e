package dev.streamlearn.operators.tpp.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.streamlearn.operators.nn.SplitMix64;
import dev.streamlearn.operators.tpp.EventSequence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an {@link AttNhp} with Adam (PyTorch's defaults: β 0.9 and 0.999, ε 1e-8, bias correction)
 * on the per-event negative log-likelihood minus the prompt pull term. The prompt pools follow
 * PromptTPP's asynchronous refresh: they learn on odd steps and are truly frozen on even ones
 * (neither they nor their Adam moments move). Training mutates the parameters in place; the Adam
 * state and the step count are part of the trainer's state.
 */
public final class AttNhpTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final Object GRADIENT_COLLECTOR = new Object();

    private final AttNhp model;
    private final int samples;
    private final SplitMix64 rng;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private long step;
    private long skipped;

    /**
     * @param samples integral points per interval in the training objective; 0 for the trapezoid
     * @param seed the seed of the integral points
     */
    public AttNhpTrainer(AttNhp model, int samples, long seed) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0: " + samples);
        }
        this.model = model;
        this.samples = samples;
        this.rng = new SplitMix64(seed);
        NDManager m = model.parameters().manager();
        model.parameters()
                .all()
                .forEach(
                        (name, a) -> {
                            first.put(name, m.zeros(a.getShape(), a.getDataType()));
                            second.put(name, m.zeros(a.getShape(), a.getDataType()));
                            steps.put(name, 0L);
                        });
    }

    public AttNhp model() {
        return model;
    }

    /** The steps taken so far. */
    public long step() {
        return step;
    }

    /**
     * One Adam step on a batch; returns the batch's negative log-likelihood per event (before the
     * step).
     */
    public double step(List<EventSequence> seqs) {
        AttNhp.inferenceMode(); // the updates below write into the parameters in place
        AttNhpParameters params = model.parameters();
        boolean poolLearns = (step + 1) % 2 == 1;
        try (NDManager batchManager = params.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning(); // temporaries of the step close with it
            TppBatch batch =
                    TppBatch.of(seqs, params.config().types(), batchManager, params.dataType());
            double nll;
            // DJL's gradient collector is one per JVM: steps of models trained on other threads
            // (another subtask, or a training abandoned by a restart) take turns
            synchronized (GRADIENT_COLLECTOR) {
                nll = backward(batch, batchManager, params);
            }
            step++;
            boolean finite = Double.isFinite(nll) && gradientsFinite(params);
            if (!finite) {
                skipped++;
            }
            for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
                boolean frozen = AttNhpParameters.inPool(e.getKey()) && !poolLearns;
                if (finite && !frozen) {
                    adam(e.getKey(), e.getValue());
                }
                clear(e.getValue().getGradient());
            }
            return nll;
        }
    }

    /** The batch's loss per event, its gradients left in the parameters. */
    private double backward(TppBatch batch, NDManager batchManager, AttNhpParameters params) {
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            AttNhp.Likelihood lik =
                    samples == 0
                            ? model.likelihood(batch)
                            : model.sampledLikelihood(batch, uniforms(batch, batchManager));
            NDArray loss = lik.loss(params.config().pull());
            double nll = -AttNhp.scalar(lik.total()) / AttNhp.scalar(lik.events());
            gc.backward(loss);
            return nll;
        }
    }

    /**
     * The steps skipped because their loss or a gradient was not finite: such a step would turn
     * every parameter into NaN for good, so it leaves the model and Adam's state as they were.
     */
    public long skippedSteps() {
        return skipped;
    }

    private static boolean gradientsFinite(AttNhpParameters params) {
        for (NDArray p : params.all().values()) {
            if (!Double.isFinite(AttNhp.scalar(p.getGradient().abs().sum()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Zeroes a gradient in place, NaN and infinite entries included (masked first: NaN minus NaN is
     * NaN). In place only: replacing the array behind a gradient breaks PyTorch's autograd.
     */
    private static void clear(NDArray g) {
        g.set(g.isNaN().logicalOr(g.isInfinite()), 0);
        g.subi(g);
    }

    private NDArray uniforms(TppBatch batch, NDManager m) {
        float[] u = new float[batch.size() * (batch.length() - 1) * samples];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) rng.nextDouble();
        }
        Shape shape = new Shape(batch.size(), batch.length() - 1, samples);
        return m.create(u, shape).toType(model.dataType(), false);
    }

    private void adam(String name, NDArray param) {
        long t = steps.merge(name, 1L, Long::sum);
        NDArray g = param.getGradient();
        NDArray m1 = first.get(name);
        NDArray m2 = second.get(name);
        m1.muli(BETA1).addi(g.mul(1 - BETA1));
        m2.muli(BETA2).addi(g.square().mul(1 - BETA2));
        double lr = model.parameters().config().learningRate();
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        param.subi(m1.div(c1).div(m2.div(c2).sqrt().add(EPS)).mul(lr));
    }

    /**
     * The trainer's whole state, for the codec: Adam's moments and counts, steps, the generator.
     */
    public record State(
            int samples,
            long step,
            long generator,
            Map<String, float[]> first,
            Map<String, float[]> second,
            Map<String, Long> counts) {}

    /** A copy of the trainer's state. */
    public State state() {
        return new State(
                samples,
                step,
                rng.state(),
                values(first),
                values(second),
                new LinkedHashMap<>(steps));
    }

    /** A trainer of {@code model} that continues from {@code state}. */
    public static AttNhpTrainer restore(AttNhp model, State state) {
        AttNhpTrainer t = new AttNhpTrainer(model, state.samples(), state.generator());
        t.step = state.step();
        for (String name : t.first.keySet()) {
            float[] m1 = state.first().get(name);
            float[] m2 = state.second().get(name);
            Long count = state.counts().get(name);
            if (m1 == null || m2 == null || count == null) {
                throw new IllegalArgumentException(
                        "the optimizer state lacks parameter '" + name + "'");
            }
            t.first.put(name, like(m1, t.first.get(name)));
            t.second.put(name, like(m2, t.second.get(name)));
            t.steps.put(name, count);
        }
        return t;
    }

    /** {@code values} as an array shaped and typed like {@code like}, in its manager. */
    private static NDArray like(float[] values, NDArray like) {
        if (values.length != like.size()) {
            throw new IllegalArgumentException(
                    "an optimizer moment has "
                            + values.length
                            + " values, its parameter "
                            + like.size());
        }
        NDArray a =
                like.getManager().create(values, like.getShape()).toType(like.getDataType(), false);
        like.close();
        return a;
    }

    private static Map<String, float[]> values(Map<String, NDArray> arrays) {
        Map<String, float[]> v = new LinkedHashMap<>();
        arrays.forEach((k, a) -> v.put(k, a.toType(DataType.FLOAT32, true).toFloatArray()));
        return v;
    }
}
