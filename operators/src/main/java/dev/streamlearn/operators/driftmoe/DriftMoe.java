package dev.streamlearn.operators.driftmoe;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.Losses;
import dev.streamlearn.operators.nn.Mlp;
import dev.streamlearn.operators.nn.RunningStandardiser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import moa.classifiers.core.driftdetection.ADWIN;

/**
 * DriftMoE (Aspis et al., 2025, "DriftMoE: A Mixture of Experts Approach to Handle Concept
 * Drifts"): a small neural router over MOA Hoeffding-tree experts, learning online. Both variants
 * follow the paper's released reference code:
 *
 * <ul>
 *   <li><b>MoE-Data</b>: the router's top-1 expert predicts; the top-3 experts by routing weight
 *       learn the label; the router learns, in mini-batches of 256 with sigmoid BCE and Adam, a
 *       multi-hot mask of the experts that were right (or, when none was, the one with the largest
 *       vote for the true class).
 *   <li><b>MoE-Task</b>: one one-vs-rest tree per class, all trained on every instance; the router
 *       (one output per class, dropout on, one Adam step per instance) learns one-hot targets and
 *       its argmax is the prediction.
 * </ul>
 *
 * <p>{@link DriftMoeConfig#improved()} adds opt-in changes beyond the paper to MoE-Data (see {@link
 * DriftMoeConfig.Improvements}): standardised router inputs, a weighted vote of the top experts,
 * per-expert drift detection that resets an expert whose error rises on the instances routed to it,
 * experts that learn with weight 6 and split sooner, and router mini-batches of 32.
 *
 * <pre>{@code
 * DriftMoe moe = DriftMoe.create(DriftMoeConfig.data(), schema);
 * double[] proba = moe.predictThenLearn(x, y);   // prequential step, exactly as the paper
 * }</pre>
 */
public final class DriftMoe implements OnlineClassifier {
    private final DriftMoeConfig config;
    private final int numClasses;
    private final Mlp router;
    private final Adam adam;
    private final List<MoaClassifier> experts;
    private final List<double[]> bufferX;
    private final List<double[]> bufferMask;
    private long learned;
    private double lastLoss;
    private final long[] routedCount;
    private final Extras extras;
    private int lastRoute = -1;
    private final RouterScratch scratch;

    /**
     * The state of the improvements: null parts are off.
     *
     * @param standardiser the router's input statistics
     * @param detectors one error detector per expert
     * @param warmUp instances each reset expert still trains on, whatever the routing
     * @param resets experts reset so far
     */
    record Extras(
            RunningStandardiser standardiser, ADWIN[] detectors, int[] warmUp, long[] resets) {

        static Extras create(DriftMoeConfig config, int inputs, int experts) {
            DriftMoeConfig.Improvements i = config.improvements();
            ADWIN[] detectors = null;
            if (i.driftDelta() > 0) {
                detectors = new ADWIN[experts];
                for (int e = 0; e < experts; e++) {
                    detectors[e] = new ADWIN(i.driftDelta());
                }
            }
            return new Extras(
                    i.standardise() ? new RunningStandardiser(inputs) : null,
                    detectors,
                    new int[experts],
                    new long[1]);
        }
    }

    /** Instances a freshly reset expert trains on before routing alone decides again. */
    static final int WARM_UP = 500;

    DriftMoe(
            DriftMoeConfig config,
            int numClasses,
            Mlp router,
            Adam adam,
            List<MoaClassifier> experts,
            List<double[]> bufferX,
            List<double[]> bufferMask,
            long learned,
            double lastLoss,
            long[] routedCount,
            Extras extras) {
        this.config = config;
        this.numClasses = numClasses;
        this.router = router;
        this.adam = adam;
        this.experts = experts;
        this.bufferX = bufferX;
        this.bufferMask = bufferMask;
        this.learned = learned;
        this.lastLoss = lastLoss;
        this.routedCount = routedCount;
        this.extras = extras;
        this.scratch = new RouterScratch(router);
        for (MoaClassifier e : experts) {
            // the experts grow leaves all the time, and MOA copies each leaf's observers by Java
            // serialization, which cost more than the router and the votes together
            e.fastLeafObserverCopies(true);
        }
    }

    public static DriftMoe create(DriftMoeConfig config, StreamSchema schema) {
        int k = schema.numClasses();
        boolean task = config.variant() == DriftMoeConfig.Variant.TASK;
        int n = task ? k : config.experts();
        List<MoaClassifier> experts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            experts.add(
                    MoaClassifier.create(
                            config.expert(), task ? oneVersusRest(schema, i) : schema));
        }
        Mlp router =
                new Mlp(
                        new int[] {schema.numAttributes(), config.hidden1(), config.hidden2(), n},
                        config.dropout(),
                        config.seed());
        return new DriftMoe(
                config,
                k,
                router,
                new Adam(router, config.learningRate()),
                experts,
                new ArrayList<>(),
                new ArrayList<>(),
                0,
                Double.NaN,
                new long[n],
                Extras.create(config, schema.numAttributes(), n));
    }

    /** The schema of expert {@code c} in MoE-Task: the same attributes, classes rest and c. */
    static StreamSchema oneVersusRest(StreamSchema schema, int c) {
        String positive = schema.classValues().get(c);
        return new StreamSchema(
                schema.name() + "-" + positive,
                schema.attributes(),
                List.of("not-" + positive, positive));
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /**
     * The probabilities of the prediction the paper's evaluator scores, without learning: MoE-Data,
     * the top-1 routed expert's normalised votes; MoE-Task, the softmax of the router's logits (in
     * eval mode here; {@link #predictThenLearn} keeps the reference's dropout).
     */
    @Override
    public double[] predictProbaOne(double[] x) {
        if (config.variant() == DriftMoeConfig.Variant.TASK) {
            return Losses.softmax(router.forward(x, false).output(), 1);
        }
        double[] rx = extras.standardiser() == null ? x : extras.standardiser().transform(x);
        double[] w = routingWeights(router.forward(rx, false).output());
        if (config.improvements().weightedVote()) {
            // only the top k vote: the others' votes would not be read
            int[] top = topK(w, config.topK());
            double[][] votes = new double[experts.size()][];
            for (int i : top) {
                votes[i] = experts.get(i).votes(x);
            }
            return weightedVote(w, votes, top);
        }
        return experts.get(OnlineClassifier.argMax(w)).predictProbaOne(x);
    }

    /** The routing-weighted mean of the top-k experts' ({@code top}) normalised votes. */
    private double[] weightedVote(double[] w, double[][] votes, int[] top) {
        double[] p = new double[numClasses];
        double total = 0;
        for (int i : top) {
            double[] pi = normalised(votes[i]);
            for (int c = 0; c < numClasses; c++) {
                p[c] += w[i] * pi[c];
            }
            total += w[i];
        }
        for (int c = 0; c < numClasses; c++) {
            p[c] /= total;
        }
        return p;
    }

    @Override
    public void learnOne(double[] x, int y) {
        predictThenLearn(x, y);
    }

    @Override
    public double[] predictThenLearnOne(double[] x, int y) {
        return predictThenLearn(x, y);
    }

    /**
     * One prequential step as the reference code takes it: predict {@code x} with the current
     * router and experts, then learn {@code y}; returns the prediction's probabilities.
     */
    public double[] predictThenLearn(double[] x, int y) {
        return config.variant() == DriftMoeConfig.Variant.TASK ? taskStep(x, y) : dataStep(x, y);
    }

    private double[] routingWeights(double[] logits) {
        return Losses.softmax(logits, config.temperature());
    }

    private double[] dataStep(double[] x, int y) {
        double[] rx =
                extras.standardiser() == null
                        ? x.clone()
                        : extras.standardiser().updateAndTransform(x);
        boolean dropout = config.improvements().routingDropout();
        Mlp.Pass pass = router.forward(rx, dropout, scratch.slot(bufferX.size()));
        double[] w = routingWeights(pass.output());
        int n = experts.size();
        double[][] votes = new double[n][];
        double[] mask = new double[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            votes[i] = experts.get(i).votes(x);
            if (OnlineClassifier.argMax(votes[i]) == y) {
                mask[i] = 1;
                any = true;
            }
        }
        if (!any) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (votes[i][y] > votes[best][y]) {
                    best = i;
                }
            }
            mask[best] = 1;
        }
        int top = OnlineClassifier.argMax(w);
        routedCount[top]++;
        lastRoute = top;
        int[] topK = topK(w, config.topK());
        double[] proba =
                config.improvements().weightedVote()
                        ? weightedVote(w, votes, topK)
                        : normalised(votes[top]);
        bufferX.add(rx);
        bufferMask.add(mask);
        // The router learns only at the end of a batch, so this pass is the one the batch's step
        // would run again, unless it drew dropout masks, which that step draws anew.
        scratch.keep(bufferX.size() - 1, !dropout);
        if (bufferX.size() >= config.batchSize()) {
            routerStep(bufferX, bufferMask, dropout);
            bufferX.clear();
            bufferMask.clear();
        }
        boolean[] trained = new boolean[n];
        for (int i : topK) {
            trained[i] = true;
        }
        if (extras.detectors() != null) {
            detectDrift(votes, y, trained);
        }
        for (int i = 0; i < n; i++) {
            if (trained[i]) {
                double weight = config.improvements().trainWeight();
                if (weight != 1) {
                    experts.get(i).learnOne(x, y, weight);
                } else {
                    experts.get(i).learnOne(x, y);
                }
            }
        }
        learned++;
        return proba;
    }

    /**
     * Feeds each top-k expert's error on this instance to its detector: an expert is judged on the
     * instances routed to it, not on the regions other experts serve. An expert whose error rose
     * significantly is reset and then trains on the next {@link #WARM_UP} instances whatever the
     * routing, so that it can become worth routing to.
     */
    private void detectDrift(double[][] votes, int y, boolean[] trained) {
        ADWIN[] detectors = extras.detectors();
        int[] warmUp = extras.warmUp();
        for (int i = 0; i < detectors.length; i++) {
            if (!trained[i]) {
                if (warmUp[i] > 0) {
                    warmUp[i]--;
                    trained[i] = true;
                }
                continue;
            }
            double before = detectors[i].getEstimation();
            boolean wrong = OnlineClassifier.argMax(votes[i]) != y;
            if (detectors[i].setInput(wrong ? 1 : 0) && detectors[i].getEstimation() > before) {
                experts.get(i).reset();
                detectors[i] = new ADWIN(config.improvements().driftDelta());
                warmUp[i] = WARM_UP;
                extras.resets()[0]++;
            }
            if (warmUp[i] > 0) {
                warmUp[i]--;
                trained[i] = true;
            }
        }
    }

    private double[] taskStep(double[] x, int y) {
        Mlp.Pass pass = router.forward(x, true, scratch.slot(0));
        double[] logits = pass.output();
        int n = experts.size();
        double[] mask = new double[n];
        boolean any = false;
        for (int c = 0; c < n; c++) {
            if (c == y && experts.get(c).predictOne(x) == 1) {
                mask[c] = 1;
                any = true;
            }
        }
        if (!any) {
            mask[y] = 1;
        }
        routedCount[OnlineClassifier.argMax(logits)]++;
        double[] proba = Losses.softmax(logits, 1);
        double[] grad = scratch.gradients(1, n).get(0);
        lastLoss = Losses.bceWithLogits(logits, mask, grad) / n;
        for (int c = 0; c < n; c++) {
            grad[c] /= n;
        }
        Mlp.Gradients g = scratch.zeroGradients();
        router.backward(pass, grad, g);
        adam.step(router, g);
        for (int c = 0; c < n; c++) {
            experts.get(c).learnOne(x, y == c ? 1 : 0);
        }
        learned++;
        return proba;
    }

    /**
     * One Adam step on the mean BCE over a batch (all entries), in eval mode unless {@code
     * dropout}. The forward passes of the routing are reused where they stand for this step's; the
     * backward passes run as one batch.
     */
    private void routerStep(List<double[]> xs, List<double[]> masks, boolean dropout) {
        int n = experts.size();
        List<Mlp.Pass> batch = scratch.forBatch(xs, dropout);
        List<double[]> grads = scratch.gradients(xs.size(), n);
        double loss = 0;
        for (int b = 0; b < xs.size(); b++) {
            loss += Losses.bceWithLogits(batch.get(b).output(), masks.get(b), grads.get(b));
        }
        Mlp.Gradients g = scratch.zeroGradients();
        router.backward(batch, grads, g);
        double entries = (double) xs.size() * n;
        g.scale(1 / entries);
        lastLoss = loss / entries;
        adam.step(router, g);
    }

    /** Indexes of the {@code k} largest weights, largest first (lowest index on ties). */
    static int[] topK(double[] w, int k) {
        int[] out = new int[Math.min(k, w.length)];
        int size = 0;
        for (int i = 0; i < w.length; i++) {
            // i goes after the kept indexes it does not come before (ties: lower index first)
            int at = size;
            while (at > 0 && comesBefore(w, i, out[at - 1])) {
                at--;
            }
            if (at < out.length) {
                System.arraycopy(out, at, out, at + 1, Math.min(size, out.length - 1) - at);
                out[at] = i;
                size = Math.min(size + 1, out.length);
            }
        }
        return out;
    }

    /** The order of {@link #topK}: larger weight first, as {@code Double.compare}, else index. */
    private static boolean comesBefore(double[] w, int a, int b) {
        return w[a] != w[b] ? Double.compare(w[b], w[a]) < 0 : a < b;
    }

    private double[] normalised(double[] votes) {
        double[] p = Arrays.copyOf(votes, numClasses);
        double sum = 0;
        for (double v : p) {
            sum += Math.max(v, 0);
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = sum > 0 ? Math.max(p[i], 0) / sum : 1.0 / numClasses;
        }
        return p;
    }

    /** Labelled instances learned. */
    public long learned() {
        return learned;
    }

    /** The router's loss at its last update (mean BCE per entry), NaN before the first. */
    public double lastRouterLoss() {
        return lastLoss;
    }

    /** How often each expert was the top-1 route (MoE-Data) or each class the argmax (MoE-Task). */
    public long[] routedCount() {
        return routedCount.clone();
    }

    /**
     * The class probabilities that the expert the latest MoE-Data step routed to (its top-1) gives
     * {@code x} now, after that step's learning. Only {@code bench driftmoe}'s {@code
     * driftmoe-data-as-published} uses it, to score as an earlier version of the reference code
     * did: that score is optimistic, since the expert has just learned the instance it is scored
     * on.
     *
     * @throws IllegalStateException before the first MoE-Data step of this instance (the route is
     *     not part of the state)
     */
    public double[] routedExpertProba(double[] x) {
        if (lastRoute < 0) {
            throw new IllegalStateException(
                    "no MoE-Data step taken yet: call predictThenLearn first");
        }
        return normalised(experts.get(lastRoute).votes(x));
    }

    /** Experts reset by drift detection so far (0 unless it is on). */
    public long expertResets() {
        return extras.resets()[0];
    }

    public DriftMoeConfig config() {
        return config;
    }

    @Override
    public long estimatedBytes() {
        long bytes = router.estimatedBytes() * 3;
        for (MoaClassifier e : experts) {
            bytes += e.estimatedBytes();
        }
        return bytes
                + (long) bufferX.size() * 8 * (router.inputSize() + experts.size())
                + scratch.estimatedBytes();
    }

    Mlp router() {
        return router;
    }

    Adam adam() {
        return adam;
    }

    List<MoaClassifier> experts() {
        return experts;
    }

    List<double[]> bufferX() {
        return bufferX;
    }

    List<double[]> bufferMask() {
        return bufferMask;
    }

    Extras extras() {
        return extras;
    }
}
