package dev.streamlearn.operators.tpp.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
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

    private final AttNhp model;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private long step;

    public AttNhpTrainer(AttNhp model) {
        this.model = model;
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
        AttNhpParameters params = model.parameters();
        boolean poolLearns = (step + 1) % 2 == 1;
        try (NDManager batchManager = params.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning(); // temporaries of the step close with it
            TppBatch batch =
                    TppBatch.of(seqs, params.config().types(), batchManager, params.dataType());
            double nll;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                AttNhp.Likelihood lik = model.likelihood(batch);
                NDArray loss = lik.loss(params.config().pull());
                nll = -lik.total().getDouble() / lik.events().getDouble();
                gc.backward(loss);
            }
            step++;
            for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
                boolean frozen = AttNhpParameters.inPool(e.getKey()) && !poolLearns;
                if (!frozen) {
                    adam(e.getKey(), e.getValue());
                }
                NDArray g = e.getValue().getGradient();
                g.subi(g);
            }
            return nll;
        }
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

    /** Adam's moments and step count per parameter, for the codec. */
    public Map<String, NDArray> firstMoments() {
        return first;
    }

    public Map<String, NDArray> secondMoments() {
        return second;
    }

    public Map<String, Long> parameterSteps() {
        return steps;
    }
}
