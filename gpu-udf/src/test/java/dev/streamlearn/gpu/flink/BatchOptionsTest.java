package dev.streamlearn.gpu.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults, the operator's capacity, and a message for each bad value. */
class BatchOptionsTest {

    @Test
    void defaultsBoundTheRecordsInFlight() {
        BatchOptions options = BatchOptions.defaults();
        assertThat(options.batchSize()).isEqualTo(256);
        assertThat(options.maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.ordered()).isTrue();
        assertThat(options.capacity()).isEqualTo(256 * 4);
        assertThat(options.withBatchSize(8).withMaxInFlightBatches(2).capacity()).isEqualTo(16);
    }

    @Test
    void eachBadValueSaysWhatIsWrong() {
        BatchOptions options = BatchOptions.defaults();
        assertThatThrownBy(() -> options.withBatchSize(0))
                .hasMessageContaining("batchSize is 0")
                .hasMessageContaining("from 1 to 65,536");
        assertThatThrownBy(() -> options.withMaxWait(Duration.ofMinutes(1)))
                .hasMessageContaining("maxWait is PT1M");
        assertThatThrownBy(() -> options.withMaxWait(Duration.ofMillis(-1)))
                .hasMessageContaining("maxWait is PT-0.001S");
        assertThatThrownBy(() -> options.withMaxInFlightBatches(0))
                .hasMessageContaining("at least 1 batch");
        assertThatThrownBy(() -> options.withTimeout(Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> options.withBatchSize(65_536).withMaxInFlightBatches(40_000))
                .hasMessageContaining("lower maxInFlightBatches");
    }
}
