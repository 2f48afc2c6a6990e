package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SEA concept 1 (Street and Kim, 2001: class A when {@code x1 + x2 <= 8}, attributes uniform on [0,
 * 10], 10% label noise) as a pure function of the record index, so that every benchmark run, with
 * or without Flink and at any parallelism, sees the very same stream; record {@code i} belongs to
 * key {@code i % keys}.
 */
public final class SeaInstances {
    public static final StreamSchema SCHEMA =
            new StreamSchema(
                    "sea",
                    List.of(
                            Attribute.numeric("attrib1"),
                            Attribute.numeric("attrib2"),
                            Attribute.numeric("attrib3")),
                    List.of("groupA", "groupB"));

    private SeaInstances() {}

    public static Instance instance(long index, int keys, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        double[] x = {rnd.nextDouble() * 10, rnd.nextDouble() * 10, rnd.nextDouble() * 10};
        int y = x[0] + x[1] <= 8 ? 0 : 1;
        if (rnd.nextDouble() < 0.1) {
            y = 1 - y;
        }
        return new Instance("k" + (index % keys), Long.toString(index), index, x, y);
    }
}
