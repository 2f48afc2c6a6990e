package dev.streamlearn.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to talk to it: the options every command that talks to Kafka shares. The
 * client properties of --kafka-config go to every source, sink, producer, consumer and admin
 * client, and are checked against the cluster before anything starts.
 */
final class KafkaMixin extends KafkaConfigMixin {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, e.g. localhost:9092")
    String bootstrapServers;

    /** Fails now, with what to fix, if Kafka cannot be reached or refuses the credentials. */
    void check() {
        client().check(bootstrapServers, Duration.ofSeconds(20));
    }
}
