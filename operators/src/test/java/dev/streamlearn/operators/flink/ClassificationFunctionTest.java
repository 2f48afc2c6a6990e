package dev.streamlearn.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.flink.PrequentialFunction;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import org.junit.jupiter.api.Test;

/**
 * What the classification adapters hold besides the models must not grow with the keys: a soak with
 * a million keys that come and go (`streamlearn soak --records-per-key 2 --idle-timeout 10s`) found
 * the class names cached per stream key, one entry per key ever seen, never dropped.
 */
class ClassificationFunctionTest {

    @Test
    void theClassNamesAreHeldPerSchemaNotPerStreamKey() {
        var schema = MoaGeneratorStream.open("generators.SEAGenerator").schema();
        PrequentialFunction function =
                new PrequentialFunction(PrequentialConfig.defaults(), SchemaCatalog.forAll(schema));

        String[] first = function.classes("key-0");
        assertThat(first).containsExactlyElementsOf(schema.classValues());
        for (int k = 1; k < 1_000; k++) {
            assertThat(function.classes("key-" + k)).isSameAs(first);
        }
    }
}
