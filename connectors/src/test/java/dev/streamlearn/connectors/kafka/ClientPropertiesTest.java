package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"app\" password=\"hunter2-secret\";";

    @TempDir Path dir;

    @Test
    void aPropertiesFileIsReadAndItsSecretsNeverPrinted() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("client.properties"),
                        "security.protocol=SASL_SSL\n"
                                + "sasl.mechanism=SCRAM-SHA-512\n"
                                + "sasl.jaas.config="
                                + JAAS
                                + "\n"
                                + "ssl.truststore.password=changeit\n");
        ClientProperties p = ClientProperties.load(file);
        assertThat(p.values())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS);
        assertThat(p.withBootstrap("broker:9093"))
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(p.toString())
                .contains("security.protocol=SASL_SSL")
                .contains("sasl.jaas.config=[hidden]")
                .contains("ssl.truststore.password=[hidden]")
                .doesNotContain("hunter2")
                .doesNotContain("changeit");
    }

    @Test
    void propertiesStreamlearnSetsForItsGuaranteesAreRefusedWithTheOptionThatSetsThem() {
        assertThatThrownBy(() -> ClientProperties.of(Map.of("isolation.level", "read_uncommitted")))
                .hasMessageContaining("'isolation.level' is set by Streamlearn")
                .hasMessageContaining("read_committed");
        assertThatThrownBy(() -> ClientProperties.of(Map.of("group.id", "g")))
                .hasMessageContaining("--job-name");
        assertThatThrownBy(() -> ClientProperties.of(Map.of("bootstrap.servers", "b:9092")))
                .hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void aMissingFileSaysWhatToGive() {
        assertThatThrownBy(() -> ClientProperties.load(dir.resolve("nope.properties")))
                .hasMessageContaining("--kafka-config")
                .hasMessageContaining("no such file")
                .hasMessageContaining("security.protocol");
    }
}
