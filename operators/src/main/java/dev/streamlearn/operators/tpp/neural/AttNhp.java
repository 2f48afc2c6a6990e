package dev.streamlearn.operators.tpp.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward pass of AttNHP with PromptTPP's continuous-time retrieval prompts, as the method
 * intends rather than as the reference code runs:
 *
 * <ul>
 *   <li>An event token is {@code [tanh(type embedding); sinusoidal embedding of its time]}. Each
 *       attention layer maps an event to its attention output over the events up to and including
 *       it, with its time embedding appended again.
 *   <li>The intensity at time {@code t} after event {@code p} comes from a query token {@code
 *       [state; embedding of t]} that attends to events {@code 0..p} and to itself; its state
 *       starts at 0 and grows by {@code tanh(attention)} each layer; the states of the stacks,
 *       concatenated, give {@code λ(t) = softplus(W h + b)}.
 *   <li>With prompts, each layer has a key pool and a value pool. Position {@code p} retrieves the
 *       top N prompts of each pool by cosine similarity between the pool's keys and the running
 *       mean of the layer's event tokens up to {@code p} (padding excluded, nothing later): a
 *       selection per sequence and position that never depends on other sequences of the batch or
 *       on the future. The retrieved prompts, with the embedding of the expected next event time
 *       appended, pass through the layer's key and value projections and are prepended to the keys
 *       and values only; they are always visible, and the causal mask applies to the events after
 *       them.
 * </ul>
 */
public final class AttNhp {
    private static final double MASKED = -1e9;
    private static final int CHUNK = 32;

    private final AttNhpParameters p;
    private final AttNhpConfig c;

    private final int chunk;

    public AttNhp(AttNhpParameters parameters) {
        this(parameters, CHUNK);
    }

    /** With query positions in chunks of {@code chunk} (tests compare chunk sizes). */
    AttNhp(AttNhpParameters parameters, int chunk) {
        this.p = parameters;
        this.c = parameters.config();
        this.chunk = chunk;
    }

    public AttNhpParameters parameters() {
        return p;
    }

    /**
     * The encoded history of a batch: per stack and layer the events' keys and values, the prompts'
     * keys and values per position (null without prompts), and the matching term.
     */
    public record Encoded(List<Layer> layers, NDArray pull, NDArray keyMask) {}

    /**
     * One layer's keys and values: events {@code (B, L, d)}, prompts {@code (B, L − from, N·Lp, d)}
     * for the positions {@code promptsFrom..L−1}.
     */
    public record Layer(
            NDArray keys,
            NDArray values,
            NDArray promptKeys,
            NDArray promptValues,
            int promptsFrom) {

        /** The prompts of the query positions {@code from..from + positions − 1}. */
        private NDIndex prompts(int from, int positions) {
            if (from < promptsFrom) {
                throw new IllegalArgumentException(
                        String.format(
                                "position %d queried but the last layers were encoded with the"
                                        + " prompts of positions %d on only",
                                from, promptsFrom));
            }
            return new NDIndex(":, {}:{}", from - promptsFrom, from + positions - promptsFrom);
        }
    }

    /** Runs the event tokens through every layer of every stack. */
    public Encoded encode(TppBatch batch) {
        return encode(batch, 0);
    }

    /**
     * The same encoding for intensities queried after positions {@code queriedFrom} on only: the
     * last layer of each stack feeds nothing but those queries, so its prompts are retrieved for
     * those positions alone (the same numbers; a forecast queries after the newest two events, and
     * this halves the prompt work of the encoding).
     */
    Encoded encode(TppBatch batch, int queriedFrom) {
        NDManager m = batch.times().getManager();
        int l = batch.length();
        NDArray timeEmb = timeEmbedding(batch.times());
        NDArray typeEmb = typeEmbedding(batch.types());
        NDArray keyMask = batch.valid().sub(1).mul(-MASKED).reshape(batch.size(), 1, l);
        NDArray causal = causalMask(m, 0, l, l);
        NDArray est = expectedNextTime(batch);
        List<Layer> layers = new ArrayList<>();
        NDArray pull = m.zeros(new Shape(), p.dataType());
        for (int s = 0; s < c.stacks(); s++) {
            NDArray x = typeEmb.concat(timeEmb, -1);
            for (int layer = 0; layer < c.layers(); layer++) {
                String at = s + "." + layer + ".";
                NDArray k = linear(x, at + "wk", at + "bk");
                NDArray v = linear(x, at + "wv", at + "bv");
                NDArray pk = null;
                NDArray pv = null;
                boolean last = layer == c.layers() - 1;
                int promptsFrom = last ? queriedFrom : 0;
                if (c.prompts()) {
                    Retrieved rk =
                            retrieve(
                                    x,
                                    batch.valid(),
                                    est,
                                    new Pool(at + "kpool", at + "wk", at + "bk"),
                                    promptsFrom);
                    Retrieved rv =
                            retrieve(
                                    x,
                                    batch.valid(),
                                    est,
                                    new Pool(at + "vpool", at + "wv", at + "bv"),
                                    promptsFrom);
                    pk = rk.tokens();
                    pv = rv.tokens();
                    pull = pull.add(rk.similarity()).add(rv.similarity());
                }
                layers.add(new Layer(k, v, pk, pv, promptsFrom));
                if (last) {
                    break; // the last layer's event outputs feed nothing
                }
                NDArray q = linear(x, at + "wq", at + "bq");
                NDArray scores = q.matMul(k.transpose(0, 2, 1)).add(causal).add(keyMask);
                NDArray out = attend(scores, v, q.expandDims(2), pk, pv, l);
                x = out.concat(timeEmb, -1);
            }
        }
        return new Encoded(layers, pull, keyMask);
    }

    /**
     * Softmax over the event scores {@code (B, L, L)} (scaled here) and the prompt scores of each
     * position, and the weighted sum of event and prompt values.
     */
    private NDArray attend(NDArray scores, NDArray v, NDArray q4, NDArray pk, NDArray pv, int l) {
        double scale = 1 / Math.sqrt(c.hidden());
        if (pk == null) {
            return scaled(scores, scale).softmax(-1).matMul(v);
        }
        // products with each position's own prompts, elementwise (a batched matrix product of
        // B·L tiny matrices is many times slower): (B, L, 1, d)·(B, L, Np, d) summed over d
        NDArray ps = q4.mul(pk).sum(new int[] {-1});
        NDArray w = scaled(scores.concat(ps, -1), scale).softmax(-1);
        NDArray we = w.get(new NDIndex(":, :, :{}", l));
        // (B, L, Np, 1)·(B, L, Np, d) summed over the prompts
        NDArray wp = w.get(new NDIndex(":, :, {}:", l)).expandDims(-1);
        return we.matMul(v).add(wp.mul(pv).sum(new int[] {2}));
    }

    /**
     * The intensities {@code (B, P, G, K)} at {@code queryTimes (B, P, G)}, where the queries of
     * position {@code p} attend to events {@code 0..p} ({@code P <= L}).
     */
    public NDArray intensities(Encoded enc, NDArray queryTimes) {
        int positions = (int) queryTimes.getShape().get(1);
        if (positions <= chunk) {
            return intensities(enc, queryTimes, 0);
        }
        // positions in chunks: a chunk ending at position b needs the keys 0..b only, which
        // halves the attention's work on long sequences
        NDList chunks = new NDList();
        for (int a = 0; a < positions; a += chunk) {
            NDIndex slice = new NDIndex(":, {}:{}", a, Math.min(positions, a + chunk));
            chunks.add(intensities(enc, queryTimes.get(slice), a));
        }
        return NDArrays.concat(chunks, 1);
    }

    /** The intensities of the query positions {@code from, from + 1, ...} of {@code queryTimes}. */
    NDArray intensities(Encoded enc, NDArray queryTimes, int from) {
        NDManager m = queryTimes.getManager();
        Shape qs = queryTimes.getShape();
        long b = qs.get(0);
        int positions = (int) qs.get(1);
        long g = qs.get(2);
        int l = Math.min(from + positions, (int) enc.layers().get(0).keys().getShape().get(1));
        NDIndex keysIn = new NDIndex(":, :{}", l);
        NDArray timeEmb = timeEmbedding(queryTimes);
        NDArray mask =
                causalMask(m, from, positions, l)
                        .reshape(1, positions, 1, l)
                        .add(enc.keyMask().get(new NDIndex(":, :, :{}", l)).reshape(b, 1, 1, l));
        List<NDArray> states = new ArrayList<>();
        int index = 0;
        for (int s = 0; s < c.stacks(); s++) {
            NDArray state = m.zeros(new Shape(b, positions, g, c.hidden()), p.dataType());
            for (int layer = 0; layer < c.layers(); layer++) {
                Layer enc1 = enc.layers().get(index++);
                String at = s + "." + layer + ".";
                NDArray x = state.concat(timeEmb, -1);
                NDArray q = linear(x, at + "wq", at + "bq");
                NDArray ks = linear(x, at + "wk", at + "bk");
                NDArray vs = linear(x, at + "wv", at + "bv");
                NDArray events =
                        q.reshape(b, positions * g, c.hidden())
                                .matMul(enc1.keys().get(keysIn).transpose(0, 2, 1))
                                .reshape(b, positions, g, l)
                                .add(mask);
                NDArray self = q.mul(ks).sum(new int[] {-1}, true);
                NDList parts = new NDList(events, self);
                NDArray pk = null;
                NDArray pv = null;
                if (enc1.promptKeys() != null) {
                    NDIndex promptsIn = enc1.prompts(from, positions);
                    pk = enc1.promptKeys().get(promptsIn);
                    pv = enc1.promptValues().get(promptsIn);
                    parts.add(q.matMul(pk.transpose(0, 1, 3, 2)));
                }
                NDArray w =
                        scaled(NDArrays.concat(parts, -1), 1 / Math.sqrt(c.hidden())).softmax(-1);
                NDArray out =
                        w.get(new NDIndex("..., :{}", l))
                                .reshape(b, positions * g, l)
                                .matMul(enc1.values().get(keysIn))
                                .reshape(b, positions, g, c.hidden())
                                .add(w.get(new NDIndex("..., {}:{}", l, l + 1)).mul(vs));
                if (pk != null) {
                    out = out.add(w.get(new NDIndex("..., {}:", l + 1)).matMul(pv));
                }
                state = out.tanh().add(state);
            }
            states.add(state);
        }
        // DJL's concat of a single array returns a copy outside the autograd graph
        NDArray h = states.size() == 1 ? states.get(0) : NDArrays.concat(new NDList(states), -1);
        return Activation.softPlus(h.matMul(p.get("out.w")).add(p.get("out.b")));
    }

    /** The log-likelihood terms of a batch in EasyTPP's convention. */
    public record Likelihood(NDArray total, NDArray events, NDArray pull) {

        /** The training loss: the negative log-likelihood per event minus the pull term. */
        public NDArray loss(double pullWeight) {
            return total.neg().div(events).sub(scaled(pull, pullWeight));
        }
    }

    /**
     * The log-likelihood of events {@code 1..n−1} of each sequence given the ones before, each
     * interval's integral by the trapezoid rule on the config's points (EasyTPP's convention; the
     * first event only conditions): the figure reported and compared with the ground truth.
     */
    public Likelihood likelihood(TppBatch batch) {
        NDManager m = batch.times().getManager();
        return likelihood(batch, trapezoidPoints(m), trapezoidWeights(m), 0);
    }

    NDArray trapezoidPoints(NDManager m) {
        int g = c.integralPoints();
        return m.arange(g).toType(p.dataType(), false).div(g - 1);
    }

    private NDArray trapezoidWeights(NDManager m) {
        int g = c.integralPoints();
        NDArray weights = m.ones(new Shape(g), p.dataType()).div(g - 1);
        weights.set(new NDIndex("0"), 0.5 / (g - 1));
        weights.set(new NDIndex("{}", g - 1), 0.5 / (g - 1));
        return weights;
    }

    /**
     * The same likelihood with each integral estimated without bias from {@code n} stratified
     * uniform points per interval, {@code (j + u_j)/n} for {@code j < n} with {@code uniforms (B,
     * L−1, n)} in {@code [0, 1)}: the cheap training objective (n + 1 intensities per event instead
     * of the trapezoid's 20).
     */
    public Likelihood sampledLikelihood(TppBatch batch, NDArray uniforms) {
        NDManager m = batch.times().getManager();
        Shape s = uniforms.getShape();
        long n = s.get(2);
        NDArray strata = m.arange((int) n).toType(p.dataType(), false);
        NDArray fractions =
                uniforms.add(strata)
                        .div(n)
                        .concat(m.ones(new Shape(s.get(0), s.get(1), 1), p.dataType()), -1);
        NDArray weights =
                m.ones(new Shape(n), p.dataType())
                        .div(n)
                        .concat(m.zeros(new Shape(1), p.dataType()));
        return likelihood(batch, fractions, weights, 0);
    }

    /**
     * The trapezoid likelihood of the last event of each sequence only, given all before it: what
     * an operator that scores one event as it arrives computes.
     */
    public Likelihood lastEvent(TppBatch batch) {
        NDManager m = batch.times().getManager();
        return likelihood(batch, trapezoidPoints(m), trapezoidWeights(m), batch.length() - 2);
    }

    /**
     * The likelihood of the events after position {@code first}, with intensities at {@code t_{i−1}
     * + fraction·Δt_i}; the last fraction must be 1 (the event itself), and the integral is {@code
     * Δt_i Σ_g weights_g Σ_k λ_k}.
     */
    private Likelihood likelihood(TppBatch batch, NDArray fractions, NDArray weights, int first) {
        int l = batch.length();
        if (l < 2) {
            throw new IllegalArgumentException(
                    "the likelihood needs sequences of 2 events or more");
        }
        Encoded enc = encode(batch, first);
        NDArray from = batch.times().get(new NDIndex(":, {}:{}", first, l - 1));
        NDArray gaps = batch.times().get(new NDIndex(":, {}:", first + 1)).sub(from);
        NDArray queries = from.expandDims(2).add(gaps.expandDims(2).mul(fractions));
        NDArray lambda = first == 0 ? intensities(enc, queries) : intensities(enc, queries, first);
        NDArray integral = lambda.sum(new int[] {-1}).mul(weights).sum(new int[] {-1}).mul(gaps);
        NDArray scored = batch.valid().get(new NDIndex(":, {}:", first + 1));
        NDArray next = batch.types().get(new NDIndex(":, {}:", first + 1)).clip(0, c.types() - 1);
        NDArray atEvent = lambda.get(new NDIndex("..., -1, :"));
        NDArray eventLog =
                atEvent.mul(oneHot(next, c.types())).sum(new int[] {-1}).add(1e-12).log();
        NDArray total = eventLog.sub(integral).mul(scored).sum();
        return new Likelihood(total, scored.sum(), enc.pull());
    }

    /**
     * {@code a · factor} on the gradient's path. DJL's {@code mul(Number)} wraps the factor in an
     * array over a Java direct buffer and closes that array at once, but PyTorch's autograd keeps
     * it for the backward pass: once the garbage collector has freed the buffer, the gradient is
     * scaled by whatever the memory holds then (0, in a test here). That made rare training steps
     * lose the attention's gradient, and runs differ. Here the factor is a copy PyTorch owns.
     */
    static NDArray scaled(NDArray a, double factor) {
        try (NDArray boxed = a.getManager().create(factor)) {
            return a.mul(boxed.toType(a.getDataType(), false).duplicate());
        }
    }

    /** {@code x W + b}. */
    private NDArray linear(NDArray x, String w, String b) {
        return x.matMul(p.get(w)).add(p.get(b));
    }

    private NDArray typeEmbedding(NDArray types) {
        NDArray oneHot = oneHot(types, c.types() + 1);
        return oneHot.matMul(p.get("type_embedding")).tanh();
    }

    /** {@code pe[2i] = sin(t·10000^(−2i/D))}, {@code pe[2i+1] = cos(…)}, for times of any shape. */
    NDArray timeEmbedding(NDArray t) {
        NDManager m = t.getManager();
        int half = c.timeEmbedding() / 2;
        NDArray freq =
                m.arange(half)
                        .toType(p.dataType(), false)
                        .mul(-2.0 * Math.log(10000) / c.timeEmbedding())
                        .exp();
        NDArray angle = t.expandDims(-1).mul(freq);
        Shape shape = t.getShape().add(c.timeEmbedding());
        return angle.sin().stack(angle.cos(), -1).reshape(shape);
    }

    /**
     * 0 where key {@code j <= from + p} for query position {@code p}, a large negative number
     * elsewhere.
     */
    private NDArray causalMask(NDManager m, int from, int positions, int keys) {
        NDArray j = m.arange(keys).reshape(1, keys);
        NDArray pos = m.arange(from, from + positions).reshape(positions, 1);
        return j.gt(pos).toType(p.dataType(), false).mul(MASKED);
    }

    /** {@code t_p} plus the mean gap so far: when the next event of position {@code p} is due. */
    private NDArray expectedNextTime(TppBatch batch) {
        NDManager m = batch.times().getManager();
        NDArray first = batch.times().get(new NDIndex(":, 0:1"));
        NDArray count = m.arange(batch.length()).toType(p.dataType(), false).maximum(1);
        return batch.times().add(batch.times().sub(first).div(count));
    }

    /**
     * The prompt tokens of a pool at each position from the one asked for and the summed similarity
     * over all positions (a scalar).
     */
    private record Retrieved(NDArray tokens, NDArray similarity) {}

    /** The names of a prompt pool's parameters and of the projection its prompts go through. */
    private record Pool(String name, String weights, String bias) {}

    private Retrieved retrieve(NDArray x, NDArray valid, NDArray est, Pool pool, int from) {
        long bsz = x.getShape().get(0);
        long l = x.getShape().get(1);
        NDArray v3 = valid.expandDims(-1);
        // a copy is detached: DJL's PyTorch stopGradient detaches its array in place, which
        // would cut the layer's input out of the graph
        NDArray query =
                x.duplicate()
                        .stopGradient()
                        .mul(v3)
                        .cumSum(1)
                        .div(valid.cumSum(1).maximum(1).expandDims(-1));
        NDArray keys = p.get(pool.name() + ".keys");
        NDArray cos = unit(query).matMul(unit(keys).transpose());
        NDArray chosen = cos.topK(c.topN(), -1).get(1);
        NDArray select = oneHot(chosen, c.pool());
        NDArray matched = select.mul(cos.expandDims(2)).sum(new int[] {-1, -2});
        NDArray similarity = matched.mul(valid).sum().div(valid.sum());
        NDArray tokenTimes = est;
        if (from > 0) {
            select = select.get(new NDIndex(":, {}:", from));
            tokenTimes = est.get(new NDIndex(":, {}:", from));
        }
        // the projection of [prompt value; time embedding] splits in two: the pool's values are
        // projected once per prompt position, the time embedding once per event position, and
        // the selection picks rows of the former (the same linear map as on the concatenation,
        // without its (B, L, N·Lp, d + D) input)
        NDArray weights = p.get(pool.weights());
        NDArray valueWeights = weights.get(new NDIndex(":{}", c.hidden()));
        NDArray timeWeights = weights.get(new NDIndex("{}:", c.hidden()));
        // (M, Lp, d) x (d, d) -> (M, Lp·d); (B, L, N, M) x (M, Lp·d) -> (B, L, N·Lp, d)
        NDArray projected =
                p.get(pool.name() + ".values")
                        .reshape(c.pool(), c.promptLength(), c.hidden())
                        .matMul(valueWeights)
                        .reshape(c.pool(), (long) c.promptLength() * c.hidden());
        int prefix = c.topN() * c.promptLength();
        NDArray valuePart = select.matMul(projected).reshape(bsz, l - from, prefix, c.hidden());
        NDArray timePart =
                timeEmbedding(tokenTimes).matMul(timeWeights).add(p.get(pool.bias())).expandDims(2);
        NDArray tokens = valuePart.add(timePart);
        return new Retrieved(tokens, similarity);
    }

    /**
     * {@code indices} one-hot over {@code depth} classes, as a comparison with {@code 0..depth−1}:
     * DJL's {@code oneHot} on the PyTorch engine left some off-values unset now and then (garbage
     * in the forward pass, denormals in the gradients, runs that differed), so it is not used.
     */
    private NDArray oneHot(NDArray indices, int depth) {
        NDArray classes = indices.getManager().arange(depth).toType(indices.getDataType(), false);
        return indices.expandDims(-1).eq(classes).toType(p.dataType(), false);
    }

    /**
     * Turns PyTorch's gradient recording off on the calling thread. It is a thread-local switch
     * that DJL turns off only on the thread that loads the engine; on any other thread (a Flink
     * task, a test's worker) it starts on, so forward passes would record graphs and in-place
     * updates of the parameters would fail ("a leaf Variable that requires grad is being used in an
     * in-place operation"). A gradient collector turns it on for its own scope and restores it.
     */
    public static void inferenceMode() {
        JniUtils.setGradMode(false);
    }

    /** A scalar array's value, whatever its floating type. */
    public static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    private static NDArray unit(NDArray a) {
        return a.div(a.square().sum(new int[] {-1}, true).add(1e-12).sqrt());
    }

    /** The data type of the batch arrays this model expects. */
    public DataType dataType() {
        return p.dataType();
    }
}
