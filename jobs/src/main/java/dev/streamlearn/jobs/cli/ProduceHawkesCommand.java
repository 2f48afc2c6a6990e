package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.jobs.produce.HawkesEvents;
import dev.streamlearn.jobs.produce.TppEventWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn produce hawkes}: the point-process benchmark's event stream to Kafka. */
@Command(
        name = "hawkes",
        mixinStandardHelpOptions = true,
        description = {
            "Write the synthetic Hawkes event stream of bench tpp to a Kafka topic, one record per event, keyed by entity and in time order:",
            "  {\"entity\":\"u7\",\"ts\":1732600012345,\"type\":\"k1\",\"truth_ll\":-1.21}",
            "truth_ll is the event's exact log-likelihood under the process that generated it, given the entity's earlier events of the same segment (absent for a segment's first event), so that run tpp reports how far its model is from the truth.",
            "",
            "regimes: A -> B -> A -> C (B: A's types permuted, beta 3; C: twice A's background, half its excitation, beta 0.7), each --windows-per-regime windows long; gradual: --windows windows of regime A drifting (background x(1 + 0.5 sin), beta doubling). Each entity draws its own sequence per segment.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # 100 entities, 3 windows of 100 s per regime, at 2,000 events/s",
            "  streamlearn produce hawkes --entities 100 --rate 2000 --bootstrap-servers localhost:9092",
            "  # a gradual drift over 8 windows, as fast as possible",
            "  streamlearn produce hawkes --kind gradual --windows 8 --rate 0 --bootstrap-servers localhost:9092"
        })
final class ProduceHawkesCommand implements Callable<Integer> {

    @Mixin KafkaMixin kafka;

    @Option(
            names = "--kind",
            defaultValue = "regimes",
            description = "regimes or gradual (default: ${DEFAULT-VALUE})")
    String kind;

    @Option(
            names = "--entities",
            defaultValue = "100",
            description = "entities u0, u1, ... (default: ${DEFAULT-VALUE})")
    int entities;

    @Mixin HawkesWindowsMixin regimeWindows;

    @Option(
            names = "--windows",
            defaultValue = "8",
            description = "windows of the gradual drift (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(
            names = "--types",
            defaultValue = "k0,k1,k2",
            split = ",",
            description = "names of the 3 event types (default: ${DEFAULT-VALUE})")
    List<String> types;

    @Option(
            names = "--start",
            description =
                    "event time of the stream's start, epoch ms (default: now, rounded down to a window)")
    Long start;

    @Option(
            names = "--seed",
            defaultValue = "2026",
            description = "the simulation's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--rate",
            defaultValue = "2000",
            description =
                    "events per second; 0 for as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--topic",
            defaultValue = "events",
            description = "target topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() {
        kafka.check();
        if (types.size() != 3) {
            throw new IllegalArgumentException(
                    "the Hawkes streams have 3 types; --types names 3, got " + types);
        }
        boolean gradual = kind.toLowerCase(Locale.ROOT).equals("gradual");
        if (!gradual && !kind.equalsIgnoreCase("regimes")) {
            throw new IllegalArgumentException("--kind is regimes or gradual, got " + kind);
        }
        long w = regimeWindows.window.toMillis();
        long t0 = start != null ? start : System.currentTimeMillis() / w * w;
        HawkesEvents.Config config =
                new HawkesEvents.Config(
                        gradual ? HawkesEvents.Kind.GRADUAL : HawkesEvents.Kind.REGIMES,
                        entities,
                        w / 1000.0,
                        gradual ? windows : regimeWindows.windowsPerRegime,
                        t0,
                        seed);
        List<TppEvent> events = HawkesEvents.generate(config);
        System.err.printf(
                "writing %,d events of %d entities (segments %s) to '%s' at %s%n",
                events.size(),
                entities,
                HawkesEvents.segments(config),
                topic,
                kafka.bootstrapServers);
        send(events);
        return 0;
    }

    private void send(List<TppEvent> events) {
        long begin = System.nanoTime();
        TppEventWriter.write(
                kafka.client().withBootstrap(kafka.bootstrapServers),
                topic,
                events,
                types,
                rate,
                n -> System.err.printf("  sent %,d events%n", n));
        System.err.printf(
                "done: %,d events in %.1f s%n", events.size(), (System.nanoTime() - begin) / 1e9);
    }
}
