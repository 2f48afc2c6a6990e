package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.labeller.Labeller;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn labeller}: a simulated annotator answering the active-learning job. */
@Command(
        name = "labeller",
        mixinStandardHelpOptions = true,
        description = {
            "Answer the label requests of 'streamlearn run active' as a simulated annotator: the ground truth comes from the instances topic (\"y\", which the job only scores against); each answer goes to the labels topic after a delay drawn uniformly in --delay, with a wrong class at --noise and no answer at --no-answer. Seeded.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  streamlearn labeller --bootstrap-servers localhost:9092 --delay 500ms-3s \\",
            "      --noise 0.05 --no-answer 0.1 --duration 10m"
        })
final class LabellerCommand implements Callable<Integer> {

    @Mixin KafkaMixin kafka;

    @Option(
            names = "--instances-topic",
            defaultValue = "instances",
            description = "where the ground truth is read (default: ${DEFAULT-VALUE})")
    String instancesTopic;

    @Option(
            names = "--label-requests-topic",
            defaultValue = "label-requests",
            description = "the job's label requests (default: ${DEFAULT-VALUE})")
    String requestsTopic;

    @Option(
            names = "--labels-topic",
            defaultValue = "labels",
            description = "where the answers go (default: ${DEFAULT-VALUE})")
    String labelsTopic;

    @Option(
            names = "--delay",
            defaultValue = "500ms-3s",
            description =
                    "delay of each answer: a duration (fixed) or MIN-MAX (uniform), e.g. 2s or"
                            + " 500ms-3s (default: ${DEFAULT-VALUE})")
    String delay;

    @Option(
            names = "--noise",
            defaultValue = "0",
            description = "share of answers with a wrong class (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(
            names = "--no-answer",
            defaultValue = "0",
            description = "share of requests never answered (default: ${DEFAULT-VALUE})")
    double noAnswer;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "stop after this long, e.g. 10m (default: until interrupted)")
    Duration duration;

    @Override
    public Integer call() {
        kafka.check();
        Duration[] range = delayRange(delay);
        Labeller.Options options =
                new Labeller.Options(
                        kafka.bootstrapServers,
                        instancesTopic,
                        requestsTopic,
                        labelsTopic,
                        range[0],
                        range[1],
                        noise,
                        noAnswer,
                        seed,
                        1_000_000);
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try (Labeller labeller = new Labeller(options, kafka.client())) {
            Labeller.Stats s = labeller.run(() -> System.nanoTime() >= end);
            System.err.printf(
                    "labeller: %d requests, %d answered (%d with a wrong class), %d left"
                            + " unanswered on purpose, %d without a ground truth%n",
                    s.requests(), s.answered(), s.noisy(), s.silent(), s.withoutTruth());
        }
        return 0;
    }

    /** {@code 2s} or {@code 500ms-3s}. */
    static Duration[] delayRange(String spec) {
        DurationConverter c = new DurationConverter();
        String[] parts = spec.split("-", -1);
        if (parts.length == 1) {
            Duration d = c.convert(parts[0]);
            return new Duration[] {d, d};
        }
        if (parts.length != 2) {
            throw new picocli.CommandLine.TypeConversionException(
                    "'" + spec + "' is not a delay; write e.g. 2s or 500ms-3s");
        }
        return new Duration[] {c.convert(parts[0]), c.convert(parts[1])};
    }
}
