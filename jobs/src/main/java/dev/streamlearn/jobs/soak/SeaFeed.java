package dev.streamlearn.jobs.soak;

import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayList;
import java.util.List;

/**
 * SEA streams (with bad records) produced to the instances topic at the soak's rate: one feed per
 * stream key, or a run of keys per feed that come and go.
 */
final class SeaFeed implements SoakFeed {
    private final Soak.Config config;
    private final StreamProducer producer;
    private final Thread thread;
    private final Runnable alsoOnClose;

    /** Starts producing; {@code alsoOnClose} stops what feeds the job besides (a labeller). */
    SeaFeed(String bootstrap, String topic, Soak.Config config, Runnable alsoOnClose) {
        this.config = config;
        this.alsoOnClose = alsoOnClose;
        this.producer = new StreamProducer(bootstrap, topic);
        long count = (long) (config.rate() * config.duration().toMillis() / 1000.0);
        List<StreamProducer.Feed> feeds = new ArrayList<>();
        for (int s = 0; s < config.keys().streams(); s++) {
            feeds.add(
                    new StreamProducer.Feed(
                            "soak-" + s,
                            MoaGeneratorStream.open("generators.SEAGenerator -i " + (s + 1)),
                            config.keys().recordsPerKey()));
        }
        this.thread =
                new Thread(
                        () ->
                                producer.run(
                                        feeds,
                                        count,
                                        config.rate(),
                                        config.badEvery(),
                                        () -> false,
                                        n -> {}),
                        "soak-producer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public long sent() {
        return producer.sent();
    }

    @Override
    public long bad() {
        return producer.bad();
    }

    @Override
    public long expected() {
        return producer.sent() - producer.bad();
    }

    @Override
    public long keys() {
        return config.keys().distinct(expected());
    }

    @Override
    public void close() {
        alsoOnClose.run();
        producer.close();
    }
}
