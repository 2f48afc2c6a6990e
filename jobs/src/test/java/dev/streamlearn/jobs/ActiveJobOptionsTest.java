package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import org.junit.jupiter.api.Test;

/** The active job refuses topics that would mix its label requests with another stream. */
class ActiveJobOptionsTest {
    private static final SchemaCatalog SEA =
            SchemaCatalog.forAll(MoaGeneratorStream.open("generators.SEAGenerator").schema());

    @Test
    void labelRequestsOnThePredictionsTopicAreRefusedWithTheOptionToChange() {
        assertThatThrownBy(
                        () ->
                                ActiveJob.Options.builder("localhost:9092", SEA)
                                        .topics(
                                                Topics.defaults().withLabels("labels"),
                                                "predictions")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic names must differ")
                .hasMessageContaining("--label-requests-topic");
    }
}
