package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.kafka.ClientProperties;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config}: the client properties of a secured cluster, for every source, sink,
 * producer, consumer and admin client of a command. {@link KafkaMixin} adds the bootstrap servers;
 * the demo, whose broker may be its own, takes this alone.
 */
class KafkaConfigMixin {

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties for a secured cluster (as Kafka's tools take"
                            + " --command-config), e.g. security.protocol=SASL_SSL,"
                            + " sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=...; passwords are"
                            + " never printed")
    Path kafkaConfig;

    private ClientProperties client;

    /** The client properties of --kafka-config (none without it). */
    ClientProperties client() {
        if (client == null) {
            client =
                    kafkaConfig == null
                            ? ClientProperties.NONE
                            : ClientProperties.load(kafkaConfig);
        }
        return client;
    }
}
