package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long the point-process job remembers an entity without events. */
class TppJobOptionsTest {
    private static TppJob.Builder builder() {
        return TppJob.Options.builder("localhost:9092", List.of("a", "b"));
    }

    @Test
    void aWeekWhenNoIdleTimeoutIsGiven() {
        assertThat(builder().build().entityIdleTimeout()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theModelsIdleTimeoutOfRunTppIsTheEntitiesOne() {
        TppJob.Options options =
                builder()
                        .models(KeyedModelOptions.defaults().withIdleTimeout(Duration.ofHours(12)))
                        .build();
        assertThat(options.entityIdleTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(
                        builder()
                                .models(
                                        KeyedModelOptions.defaults()
                                                .withIdleTimeout(Duration.ofHours(12)))
                                .entityIdleTimeout(Duration.ofMinutes(5))
                                .build()
                                .entityIdleTimeout())
                .as("an explicit entity timeout wins")
                .isEqualTo(Duration.ofMinutes(5));
    }
}
