package dev.streamlearn.gpu.flink.sql;

import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.ModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * The model provider {@code streamlearn-djl} for Flink SQL: a TorchScript or ONNX file, run through
 * DJL on the TaskManager's GPU when it offers one, else on the CPU. With the asynchronous {@code
 * ML_PREDICT} the rows in flight are run in micro-batches: raise {@code max-concurrent-operations}
 * (Flink's default, 10, caps a batch at 10 rows).
 *
 * <pre>{@code
 * CREATE MODEL scorer
 *   INPUT (x1 DOUBLE, x2 DOUBLE, ..., x8 DOUBLE)      -- or (features ARRAY<FLOAT>) with 'input-width'
 *   OUTPUT (y1 FLOAT, y2 FLOAT, y3 FLOAT)             -- or (scores ARRAY<FLOAT>) with 'output-width'
 *   WITH ('provider' = 'streamlearn-djl', 'path' = '/models/mlp.onnx');
 *
 * SELECT * FROM ML_PREDICT(TABLE readings, MODEL scorer, DESCRIPTOR(x1, ..., x8),
 *     MAP['async', 'true', 'max-concurrent-operations', '256']);
 * }</pre>
 */
public final class DjlModelProviderFactory implements ModelProviderFactory {
    public static final String IDENTIFIER = "streamlearn-djl";

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The model file, TorchScript (.pt) or ONNX (.onnx), readable by every"
                                    + " TaskManager.");

    public static final ConfigOption<String> ENGINE =
            ConfigOptions.key("engine")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("pytorch or onnx; by default from the file's extension.");

    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "auto (the TaskManager's GPU, else a GPU the engine sees, else the"
                                    + " CPU), cpu, or gpu (fail without one).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch-size")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Rows per forward call at most (asynchronous ML_PREDICT); a batch is"
                                    + " also bounded by max-concurrent-operations.");

    public static final ConfigOption<Duration> MAX_WAIT =
            ConfigOptions.key("max-wait")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription("How long a batch waits for more rows after its first.");

    public static final ConfigOption<Integer> INPUT_WIDTH =
            ConfigOptions.key("input-width")
                    .intType()
                    .noDefaultValue()
                    .withDescription("The length of an ARRAY input column.");

    public static final ConfigOption<Integer> OUTPUT_WIDTH =
            ConfigOptions.key("output-width")
                    .intType()
                    .noDefaultValue()
                    .withDescription("The length of an ARRAY output column.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ENGINE, DEVICE, BATCH_SIZE, MAX_WAIT, INPUT_WIDTH, OUTPUT_WIDTH);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        ResolvedCatalogModel model = context.getCatalogModel();
        String name = context.getObjectIdentifier().asSummaryString();
        try {
            RowLayout in =
                    RowLayout.input(model.getResolvedInputSchema(), options.get(INPUT_WIDTH));
            RowLayout out =
                    RowLayout.output(model.getResolvedOutputSchema(), options.get(OUTPUT_WIDTH));
            Path file = Path.of(options.get(PATH));
            InferenceEngine engine =
                    options.getOptional(ENGINE)
                            .map(InferenceEngine::parse)
                            .orElseGet(() -> InferenceEngine.forModelFile(file));
            ModelSpec spec =
                    new ModelSpec(
                            file.toString(),
                            engine,
                            in.width(),
                            out.width(),
                            DevicePreference.parse(options.get(DEVICE)));
            return new DjlModelProvider(
                    spec, in, out, options.get(BATCH_SIZE), options.get(MAX_WAIT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model " + name + " (provider " + IDENTIFIER + "): " + e.getMessage(), e);
        }
    }
}
