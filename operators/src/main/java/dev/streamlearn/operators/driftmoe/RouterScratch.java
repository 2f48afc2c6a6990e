package dev.streamlearn.operators.driftmoe;

import dev.streamlearn.operators.nn.Mlp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The router's reusable working memory in DriftMoE's steps: one forward pass per instance of the
 * pending mini-batch, the rows of its output gradients and one set of parameter gradients, so that
 * a step allocates none of them. MoE-Data routes each instance with the router that its mini-batch
 * step will train, so in eval mode the routing pass is the step's own pass and is kept for it
 * instead of being run again. Not part of the model's state: a restored model runs the passes it
 * lacks, which gives the same numbers.
 */
final class RouterScratch {
    private final Mlp router;
    private final List<Mlp.Pass> passes = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private boolean[] kept = new boolean[0];
    private Mlp.Gradients gradients;

    RouterScratch(Mlp router) {
        this.router = router;
    }

    /** The pass of the pending batch's instance {@code b}, to run the router into. */
    Mlp.Pass slot(int b) {
        while (passes.size() <= b) {
            passes.add(router.newPass());
        }
        return passes.get(b);
    }

    /** Whether the pass in {@link #slot}{@code (b)} is the one the batch's step would run. */
    void keep(int b, boolean reusable) {
        if (kept.length <= b) {
            kept = Arrays.copyOf(kept, Math.max(b + 1, 2 * kept.length));
        }
        kept[b] = reusable;
    }

    /**
     * The forward passes of the batch {@code xs}: kept passes of these very inputs as they are, the
     * others run now (with dropout: masks drawn in batch order). Forgets which were kept.
     */
    List<Mlp.Pass> forBatch(List<double[]> xs, boolean dropout) {
        for (int b = 0; b < xs.size(); b++) {
            Mlp.Pass pass = slot(b);
            boolean reuse = b < kept.length && kept[b] && pass.activations()[0] == xs.get(b);
            if (!reuse) {
                router.forward(xs.get(b), dropout, pass);
            }
        }
        Arrays.fill(kept, false);
        return passes.subList(0, xs.size());
    }

    /** {@code count} reused rows of {@code width} values, for the output gradients. */
    List<double[]> gradients(int count, int width) {
        while (rows.size() < count) {
            rows.add(new double[width]);
        }
        return rows.subList(0, count);
    }

    /** The router's parameter gradients, all zero. */
    Mlp.Gradients zeroGradients() {
        if (gradients == null) {
            gradients = router.zeroGradients();
        } else {
            gradients.clear();
        }
        return gradients;
    }

    /** Bytes held: the passes (activations, pre-activations, masks) and the gradients. */
    long estimatedBytes() {
        long perPass = 0;
        Mlp.Pass probe = passes.isEmpty() ? null : passes.get(0);
        if (probe != null) {
            for (int l = 1; l < probe.activations().length; l++) {
                perPass += 16L * probe.activations()[l].length;
            }
        }
        long grads = gradients == null ? 0 : 8L * router.parameterCount();
        return perPass * passes.size() + grads + 8L * rows.size() * router.outputSize();
    }
}
