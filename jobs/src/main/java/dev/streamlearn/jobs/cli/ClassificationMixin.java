package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import picocli.CommandLine.Option;

/**
 * The options of the jobs that classify instances per stream key ({@code run prequential}, {@code
 * run driftmoe}, {@code run active}): the schema, the topics and the evaluation figures.
 */
final class ClassificationMixin {

    @Option(
            names = "--schema",
            required = true,
            converter = SchemaSpec.class,
            description =
                    "schema of every stream key: a .json schema, an .arff file (header),"
                            + " elec (the Electricity data set that ships with Streamlearn)"
                            + " or a MOA stream CLI string whose header is used")
    StreamSchema schema;

    @Option(
            names = "--instances-topic",
            defaultValue = "instances",
            description = "topic the instances are read from (default: ${DEFAULT-VALUE})")
    String instancesTopic;

    @Option(
            names = "--predictions-topic",
            defaultValue = "predictions",
            description = "topic the predictions are written to (default: ${DEFAULT-VALUE})")
    String predictionsTopic;

    @Option(
            names = "--metrics-topic",
            defaultValue = "metrics",
            description = "topic of the periodic prequential figures (default: ${DEFAULT-VALUE})")
    String metricsTopic;

    @Option(
            names = "--dead-letters-topic",
            defaultValue = "dead-letters",
            description =
                    "topic of the records that could not be read, with the reason (default: ${DEFAULT-VALUE})")
    String deadLettersTopic;

    @Option(
            names = "--labels-topic",
            description =
                    "topic of labels that come after their instances (default: none, labels come"
                            + " on the instances; run active: labels, the answers to its requests)")
    String labelsTopic;

    @Option(
            names = "--max-pending",
            defaultValue = "" + PrequentialConfig.DEFAULT_MAX_PENDING,
            description =
                    "per stream, how many instances wait for a label from --labels-topic (the"
                            + " oldest is given up beyond), and how many labels wait for their"
                            + " instance (default: ${DEFAULT-VALUE})")
    int maxPending;

    @Option(
            names = "--metrics-every",
            defaultValue = "1000",
            description =
                    "labelled instances between metrics records, per stream (default: ${DEFAULT-VALUE})")
    int metricsEvery;

    SchemaCatalog schemas() {
        return SchemaCatalog.forAll(schema);
    }

    /** The topics, with {@code defaultLabels} when --labels-topic is not given (may be null). */
    Topics topics(String defaultLabels) {
        return new Topics(
                instancesTopic,
                predictionsTopic,
                metricsTopic,
                deadLettersTopic,
                labelsTopic != null ? labelsTopic : defaultLabels);
    }
}
