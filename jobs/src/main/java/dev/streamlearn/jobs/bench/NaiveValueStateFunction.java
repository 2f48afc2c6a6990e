package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The naive way to keep a model in keyed state, for the benchmark only: read the model from {@code
 * ValueState} on every record, then write it back. {@link Serializer#FLINK} is what a first Flink
 * job does, {@code ValueState<Model>} with Flink's serializer for the type (Kryo: the model is no
 * POJO; the run must allow generic types); {@link Serializer#CODEC} stores the bytes of the
 * project's codec instead, which is faster but still pays for every record.
 */
final class NaiveValueStateFunction extends KeyedProcessFunction<String, Instance, Integer> {
    private static final long serialVersionUID = 1L;

    /** How the model is turned into state bytes. */
    enum Serializer {
        /** {@code ValueState<PrequentialLearner>}: Flink's serializer for the type (Kryo). */
        FLINK("naive-value-state"),
        /** {@code ValueState<byte[]>} with {@link PrequentialLearnerCodec}. */
        CODEC("naive-value-state-codec");

        private final String runName;

        Serializer(String runName) {
            this.runName = runName;
        }

        /** The benchmark's name of a run with this serializer. */
        String runName() {
            return runName;
        }
    }

    private final PrequentialConfig config;
    private final Serializer serializer;
    private final PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
    private transient ValueState<byte[]> bytes;
    private transient ValueState<PrequentialLearner> object;

    NaiveValueStateFunction(PrequentialConfig config, Serializer serializer) {
        this.config = config;
        this.serializer = serializer;
    }

    @Override
    public void open(OpenContext openContext) {
        if (serializer == Serializer.FLINK) {
            object =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "model", TypeInformation.of(PrequentialLearner.class)));
        } else {
            bytes =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "model",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }
    }

    @Override
    public void processElement(Instance in, Context ctx, Collector<Integer> out) throws Exception {
        PrequentialLearner learner = read();
        if (learner == null) {
            learner = PrequentialLearner.create(config, SeaInstances.SCHEMA);
        }
        double[] p = learner.testThenTrain(in.x(), in.y());
        if (serializer == Serializer.FLINK) {
            object.update(learner);
        } else {
            bytes.update(codec.encode(learner));
        }
        out.collect(p[0] >= p[1] ? 0 : 1);
    }

    private PrequentialLearner read() throws Exception {
        if (serializer == Serializer.FLINK) {
            return object.value();
        }
        byte[] stored = bytes.value();
        return stored == null ? null : codec.decode(stored);
    }
}
