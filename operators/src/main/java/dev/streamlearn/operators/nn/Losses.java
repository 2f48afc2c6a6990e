package dev.streamlearn.operators.nn;

/** Losses with their exact gradients with respect to the logits. */
public final class Losses {
    private Losses() {}

    /**
     * Sigmoid binary cross-entropy on logits, summed over the entries (PyTorch's {@code
     * BCEWithLogitsLoss} with {@code reduction="sum"}; divide by the number of entries for the
     * mean), computed stably. Writes d(loss)/d(logits) into {@code grad} when it is not null.
     */
    public static double bceWithLogits(double[] logits, double[] targets, double[] grad) {
        double loss = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i];
            double y = targets[i];
            // max(z, 0) - z*y + log(1 + exp(-|z|))
            loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            if (grad != null) {
                grad[i] = sigmoid(z) - y;
            }
        }
        return loss;
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Softmax of {@code logits / temperature}, computed stably. */
    public static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
