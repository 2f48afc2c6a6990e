package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.Losses;
import dev.streamlearn.operators.nn.Mlp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code streamlearn bench router}: DriftMoE's router alone, the production {@link Mlp} and {@link
 * Adam} against {@link OutputMajorRouter} (the arithmetic before the speed work) in one process, at
 * the paper's sizes and the improved configuration's: a forward pass, a backward pass and a whole
 * mini-batch step, in nanoseconds per instance (the median of the timed rounds).
 */
public final class RouterBenchmark {

    /**
     * A router to time.
     *
     * @param name a label
     * @param sizes input, hidden and output widths
     * @param batch the mini-batch of one router step
     */
    public record Shape(String name, int[] sizes, int batch) {}

    /** MoE-Data on Electricity (8 inputs, 12 experts, batch 256) and the improved (32, 32). */
    public static final List<Shape> SHAPES =
            List.of(
                    new Shape("paper (MoE-Data)", new int[] {8, 256, 128, 12}, 256),
                    new Shape("improved", new int[] {8, 256, 128, 32}, 32));

    /** One measurement: nanoseconds per instance, before (reference) and after (production). */
    public record Result(
            String shape,
            String what,
            @JsonProperty("before_ns") double beforeNs,
            @JsonProperty("after_ns") double afterNs) {
        @JsonProperty("speed_up")
        public double speedUp() {
            return beforeNs / afterNs;
        }
    }

    private final double seconds;
    private final PrintStream out;

    /**
     * @param seconds timed seconds per measurement, after as long a warm-up
     */
    public RouterBenchmark(double seconds, PrintStream out) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        this.seconds = seconds;
        this.out = out;
    }

    public List<Result> run() {
        List<Result> results = new ArrayList<>();
        for (Shape shape : SHAPES) {
            results.addAll(run(shape));
        }
        out.println();
        BenchTable.of("router", Result::shape)
                .text("ns per instance", Result::what)
                .column("before", "%,.0f", Result::beforeNs)
                .column("after", "%,.0f", Result::afterNs)
                .column("speed-up", "%.1fx", Result::speedUp)
                .print(out, results);
        return results;
    }

    private List<Result> run(Shape shape) {
        out.printf(
                "timing %s %s, batch %d ...%n",
                shape.name(), Arrays.toString(shape.sizes()), shape.batch());
        Fixture f = new Fixture(shape);
        return List.of(
                compare(shape, "forward", f::referenceForward, f::forward),
                compare(shape, "backward", f::referenceBackward, f::backward),
                compare(shape, "forward + step / batch", f::referenceStep, f::step));
    }

    /**
     * Median nanoseconds per instance of each, timed in alternating rounds after a warm-up, so that
     * other work on the machine weighs on both alike.
     */
    private Result compare(Shape shape, String what, Runnable before, Runnable after) {
        int rounds = 10;
        double[][] ns = new double[2][rounds];
        Runnable[] work = {before, after};
        for (int w = 0; w < 2; w++) {
            long warmUpEnd = System.nanoTime() + (long) (seconds * 1e9 / 2);
            while (System.nanoTime() < warmUpEnd) {
                work[w].run();
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < 2; w++) {
                ns[w][r] = round(work[w], shape.batch(), seconds / rounds / 2);
            }
        }
        Arrays.sort(ns[0]);
        Arrays.sort(ns[1]);
        return new Result(shape.name(), what, ns[0][rounds / 2], ns[1][rounds / 2]);
    }

    /** Nanoseconds per instance of {@code work} ({@code perCall} instances) over a round. */
    private static double round(Runnable work, int perCall, double roundSeconds) {
        long calls = 0;
        long start = System.nanoTime();
        long end = start + (long) (roundSeconds * 1e9);
        long now;
        do {
            work.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / (double) (calls * perCall);
    }

    /** Both routers with the same parameters, a batch of inputs and targets, reused passes. */
    private static final class Fixture {
        private final Mlp net;
        private final Adam adam;
        private final OutputMajorRouter reference;
        private final double[][] xs;
        private final double[][] targets;
        private final List<Mlp.Pass> passes = new ArrayList<>();
        private final List<double[]> grads = new ArrayList<>();
        private final OutputMajorRouter.Pass[] referencePasses;
        private final Mlp.Gradients gradients;

        Fixture(Shape shape) {
            int[] sizes = shape.sizes();
            net = new Mlp(sizes, 0.2, 1);
            adam = new Adam(net, 2e-3);
            reference = new OutputMajorRouter(net, sizes, 2e-3);
            Random random = new Random(1);
            int n = sizes[sizes.length - 1];
            xs = new double[shape.batch()][sizes[0]];
            targets = new double[shape.batch()][n];
            referencePasses = new OutputMajorRouter.Pass[shape.batch()];
            for (int b = 0; b < shape.batch(); b++) {
                for (int i = 0; i < sizes[0]; i++) {
                    xs[b][i] = random.nextGaussian();
                }
                targets[b][random.nextInt(n)] = 1;
                passes.add(net.forward(xs[b], false));
                grads.add(new double[n]);
                referencePasses[b] = reference.forward(xs[b], null);
            }
            gradients = net.zeroGradients();
        }

        void forward() {
            for (int b = 0; b < xs.length; b++) {
                net.forward(xs[b], false, passes.get(b));
            }
        }

        void referenceForward() {
            for (int b = 0; b < xs.length; b++) {
                referencePasses[b] = reference.forward(xs[b], null);
            }
        }

        void backward() {
            for (int b = 0; b < xs.length; b++) {
                Losses.bceWithLogits(passes.get(b).output(), targets[b], grads.get(b));
            }
            gradients.clear();
            net.backward(passes, grads, gradients);
        }

        void referenceBackward() {
            double[] grad = new double[targets[0].length];
            for (int b = 0; b < xs.length; b++) {
                Losses.bceWithLogits(referencePasses[b].output(), targets[b], grad);
                reference.backward(referencePasses[b], grad);
            }
        }

        /** As DriftMoE: route each instance (the pass kept), then one batched step. */
        void step() {
            forward();
            backward();
            gradients.scale(1.0 / (xs.length * targets[0].length));
            adam.step(net, gradients);
        }

        /** As before: route each instance, then run each forward pass again in the step. */
        void referenceStep() {
            referenceForward();
            referenceForward();
            referenceBackward();
            reference.step(1.0 / (xs.length * targets[0].length));
        }
    }
}
