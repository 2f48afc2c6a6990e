package dev.streamlearn.operators.tpp.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamlearn.operators.nn.SplitMix64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learnable arrays of an {@link AttNhp}, by name, in a fixed order: the type embedding ({@code
 * K+1} rows, the last for padding), per stack {@code s} and layer {@code l} the query, key and
 * value projections {@code s.l.wq}, {@code s.l.bq}, ..., with prompts the key and value pools
 * {@code s.l.kpool.keys}, {@code s.l.kpool.values}, {@code s.l.vpool.keys}, {@code
 * s.l.vpool.values}, and the output layer {@code out.w}, {@code out.b}. Linear layers start as
 * PyTorch's do ({@code U(±1/√in)}), the embedding {@code N(0, 1)}, the pools {@code U(−1, 1)}.
 */
public final class AttNhpParameters implements AutoCloseable {
    private final AttNhpConfig config;
    private final NDManager manager;
    private final DataType dataType;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private AttNhpParameters(AttNhpConfig config, NDManager manager, DataType dataType) {
        this.config = config;
        this.manager = manager;
        this.dataType = dataType;
    }

    /** Fresh parameters from the config's seed, in a sub-manager of {@code parent}. */
    public static AttNhpParameters initialise(
            AttNhpConfig config, NDManager parent, DataType dataType) {
        AttNhpParameters p = new AttNhpParameters(config, parent.newSubManager(), dataType);
        SplitMix64 rng = new SplitMix64(config.seed());
        int d = config.hidden();
        int in = config.tokenWidth();
        p.put("type_embedding", gaussian(rng, (config.types() + 1) * d), config.types() + 1, d);
        for (int s = 0; s < config.stacks(); s++) {
            for (int l = 0; l < config.layers(); l++) {
                String at = s + "." + l + ".";
                for (String w : new String[] {"q", "k", "v"}) {
                    p.put(at + "w" + w, uniform(rng, in * d, 1 / Math.sqrt(in)), in, d);
                    p.put(at + "b" + w, uniform(rng, d, 1 / Math.sqrt(in)), d);
                }
                if (config.prompts()) {
                    for (String pool : new String[] {"kpool", "vpool"}) {
                        p.put(
                                at + pool + ".keys",
                                uniform(rng, config.pool() * in, 1),
                                config.pool(),
                                in);
                        p.put(
                                at + pool + ".values",
                                uniform(rng, config.pool() * config.promptLength() * d, 1),
                                config.pool(),
                                config.promptLength() * d);
                    }
                }
            }
        }
        int h = config.stacks() * d;
        p.put("out.w", uniform(rng, h * config.types(), 1 / Math.sqrt(h)), h, config.types());
        p.put("out.b", uniform(rng, config.types(), 1 / Math.sqrt(h)), config.types());
        return p;
    }

    /**
     * Parameters with the given values (as {@link #values} returns them), e.g. restored from a
     * checkpoint.
     */
    public static AttNhpParameters of(
            AttNhpConfig config, NDManager parent, DataType dataType, Map<String, float[]> values) {
        AttNhpParameters shape = initialise(config, parent, dataType);
        for (Map.Entry<String, NDArray> e : shape.arrays.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null || v.length != e.getValue().size()) {
                shape.close();
                throw new IllegalArgumentException(
                        "parameter '" + e.getKey() + "' is missing or has the wrong size");
            }
            NDArray restored =
                    shape.manager.create(v, e.getValue().getShape()).toType(dataType, false);
            restored.setRequiresGradient(true);
            e.setValue(restored);
        }
        return shape;
    }

    private void put(String name, double[] values, long... shape) {
        NDArray a = manager.create(values, new Shape(shape)).toType(dataType, false);
        a.setRequiresGradient(true);
        arrays.put(name, a);
    }

    private static double[] uniform(SplitMix64 rng, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return v;
    }

    private static double[] gaussian(SplitMix64 rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - rng.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return v;
    }

    public AttNhpConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The manager the arrays live in. */
    public NDManager manager() {
        return manager;
    }

    /** The array named {@code name}. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return a;
    }

    /** Every array by name, in the fixed order. */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Whether {@code name} belongs to a prompt pool. */
    public static boolean inPool(String name) {
        return name.contains("pool.");
    }

    /** A copy of every value, as float arrays by name. */
    public Map<String, float[]> values() {
        Map<String, float[]> v = new LinkedHashMap<>();
        arrays.forEach((k, a) -> v.put(k, a.toType(DataType.FLOAT32, true).toFloatArray()));
        return v;
    }

    /** The number of learnable numbers. */
    public long count() {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
