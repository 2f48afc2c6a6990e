package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The naive way to keep a model in keyed state, for the benchmark only: read and decode the model
 * from {@code ValueState} on every record, then encode and write it back.
 */
final class NaiveValueStateFunction extends KeyedProcessFunction<String, Instance, Integer> {
    private static final long serialVersionUID = 1L;
    private final PrequentialConfig config;
    private final PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
    private transient ValueState<byte[]> model;

    NaiveValueStateFunction(PrequentialConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        model =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "model",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Instance in, Context ctx, Collector<Integer> out) throws Exception {
        byte[] stored = model.value();
        PrequentialLearner learner =
                stored == null
                        ? PrequentialLearner.create(config, SeaInstances.SCHEMA)
                        : codec.decode(stored);
        double[] p = learner.testThenTrain(in.x(), in.y());
        model.update(codec.encode(learner));
        out.collect(p[0] >= p[1] ? 0 : 1);
    }
}
