package dev.streamlearn.operators.tpp.neural;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape and training settings of an attentive neural Hawkes process (AttNHP, Yang et al., ICLR
 * 2022) with PromptTPP's retrieval prompt pool (Xue et al., NeurIPS 2023). The defaults are the
 * reference configuration: hidden 32, time embedding 16, 2 stacks of 2 single-head attention
 * layers, softplus intensities; a pool of 10 prompts of length 5 per key and value of each layer,
 * the top 5 retrieved, a pull term of 0.1; Adam at 1e-3.
 *
 * @param types the number of event types K
 * @param hidden the width of the type embedding and of each attention layer's output
 * @param timeEmbedding the width of the sinusoidal time embedding (even)
 * @param stacks independent attention stacks ("heads" in the reference code)
 * @param layers attention layers per stack
 * @param integralPoints trapezoid points per inter-event interval in the likelihood ({@code >= 2})
 * @param pool prompts per pool; 0 for no prompts (plain AttNHP)
 * @param promptLength tokens per prompt
 * @param topN prompts retrieved per position
 * @param pull the weight of the key-matching term (L2P's 0.1)
 * @param learningRate Adam's step size
 * @param seed the seed of the initial weights
 */
public record AttNhpConfig(
        int types,
        int hidden,
        int timeEmbedding,
        int stacks,
        int layers,
        int integralPoints,
        int pool,
        int promptLength,
        int topN,
        double pull,
        double learningRate,
        long seed)
        implements java.io.Serializable {

    public AttNhpConfig {
        positive("types", types);
        positive("hidden", hidden);
        positive("stacks", stacks);
        positive("layers", layers);
        if (timeEmbedding <= 0 || timeEmbedding % 2 != 0) {
            throw new IllegalArgumentException(
                    "the time embedding must be a positive even width: " + timeEmbedding);
        }
        if (integralPoints < 2) {
            throw new IllegalArgumentException(
                    "the trapezoid rule needs at least 2 points per interval: " + integralPoints);
        }
        if (pool < 0 || (pool > 0 && (promptLength <= 0 || topN <= 0 || topN > pool))) {
            throw new IllegalArgumentException(
                    String.format(
                            "a prompt pool needs 0 < topN <= pool and a positive prompt length"
                                    + " (pool %d, length %d, top %d); pool 0 turns prompts off",
                            pool, promptLength, topN));
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("the learning rate must be > 0: " + learningRate);
        }
    }

    /** The names of the fields that {@link #shape()} gives, in its order. */
    private static final List<String> SHAPE =
            List.of(
                    "types",
                    "hidden",
                    "timeEmbedding",
                    "stacks",
                    "layers",
                    "integralPoints",
                    "pool",
                    "promptLength",
                    "topN");

    /**
     * The fields that fix the network's parameters and how it scores: all but the pull, the
     * learning rate and the seed, which only steer training (in {@link #SHAPE}'s order).
     */
    int[] shape() {
        return new int[] {
            types, hidden, timeEmbedding, stacks, layers, integralPoints, pool, promptLength, topN
        };
    }

    /**
     * Where {@code other} has another shape than this configuration (see {@link #shape()}), as
     * {@code "types 4 vs 3"} (this one's value first); empty when a model of either fits the other.
     */
    public List<String> shapeDifferences(AttNhpConfig other) {
        int[] mine = shape();
        int[] theirs = other.shape();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < mine.length; i++) {
            if (mine[i] != theirs[i]) {
                out.add(String.format("%s %d vs %d", SHAPE.get(i), mine[i], theirs[i]));
            }
        }
        return out;
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0: " + value);
        }
    }

    /** The reference configuration with its prompt pool, for {@code types} event types. */
    public static AttNhpConfig promptTpp(int types, long seed) {
        return new AttNhpConfig(types, 32, 16, 2, 2, 20, 10, 5, 5, 0.1, 1e-3, seed);
    }

    /** The reference AttNHP without prompts. */
    public static AttNhpConfig attNhp(int types, long seed) {
        return new AttNhpConfig(types, 32, 16, 2, 2, 20, 0, 0, 0, 0, 1e-3, seed);
    }

    /** Whether the model has a prompt pool. */
    public boolean prompts() {
        return pool > 0;
    }

    /** The width of an event token: type part and time part. */
    public int tokenWidth() {
        return hidden + timeEmbedding;
    }

    /** The same configuration with another seed. */
    public AttNhpConfig withSeed(long newSeed) {
        return new AttNhpConfig(
                types,
                hidden,
                timeEmbedding,
                stacks,
                layers,
                integralPoints,
                pool,
                promptLength,
                topN,
                pull,
                learningRate,
                newSeed);
    }
}
