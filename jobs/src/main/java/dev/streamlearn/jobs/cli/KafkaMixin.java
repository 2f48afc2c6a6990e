package dev.streamlearn.jobs.cli;

import picocli.CommandLine.Option;

/** Where Kafka is: the option every command that talks to Kafka shares. */
final class KafkaMixin {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, e.g. localhost:9092")
    String bootstrapServers;
}
