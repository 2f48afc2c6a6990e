package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.kafka.ClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to talk to it: the options every command that talks to Kafka shares. The
 * client properties of --kafka-config go to every source, sink, producer, consumer and admin
 * client, and are checked against the cluster before anything starts.
 */
final class KafkaMixin {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, e.g. localhost:9092")
    String bootstrapServers;

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

    /** Fails now, with what to fix, if Kafka cannot be reached or refuses the credentials. */
    void check() {
        client().check(bootstrapServers, Duration.ofSeconds(20));
    }
}
