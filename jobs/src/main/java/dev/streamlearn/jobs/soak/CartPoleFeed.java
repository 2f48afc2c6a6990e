package dev.streamlearn.jobs.soak;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * CartPole-v1 agents played open loop at the soak's rate: each environment steps with a random
 * action instead of waiting for the job's (a soak counts what the job answers, not how well it
 * plays), so the rate stays fixed through every fault. Agents take turns; a bad record (malformed
 * JSON) every {@code --bad-every}.
 */
final class CartPoleFeed implements SoakFeed {
    /** Steps per episode are fewer than this (CartPole-v1 truncates at 500). */
    private static final int STEPS_PER_EPISODE_AT_MOST = 1_000;

    private final Soak.Config config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long sent;
    private volatile long bad;
    private volatile long expected;

    CartPoleFeed(String bootstrap, String topic, Soak.Config config) {
        this.config = config;
        this.topic = topic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one request in flight: each agent's steps stay in order through retries
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::play, "soak-cartpole");
        thread.setDaemon(true);
        thread.start();
    }

    /** The number of step {@code step} of episode {@code episode}, unique for its agent. */
    static long stepNumber(long episode, int step) {
        return episode * STEPS_PER_EPISODE_AT_MOST + step;
    }

    private void play() {
        int agents = config.keys().streams();
        CartPole[] envs = new CartPole[agents];
        Observation[] last = new Observation[agents];
        SplittableRandom random = new SplittableRandom(1);
        for (int a = 0; a < agents; a++) {
            envs[a] = new CartPole(a + 1);
            last[a] = new Observation("soak-agent-" + a, 0, 0, envs[a].reset(), 0, false, false);
        }
        long count = (long) (config.rate() * config.duration().toMillis() / 1000.0);
        long start = System.nanoTime();
        for (long n = 0; n < count && failure.get() == null; n++) {
            int a = (int) (n % agents);
            if (config.badEvery() > 0 && (n + 1) % config.badEvery() == 0) {
                send(last[a].agent(), "{\"agent\":\"" + last[a].agent() + "\",\"step\":");
                bad++;
            } else {
                send(last[a].agent(), RecordJson.observation(last[a]));
                if (!last[a].done()) {
                    expected++;
                }
                last[a] = next(envs[a], last[a], random);
            }
            sent++;
            pace(start, n + 1);
        }
        producer.flush();
    }

    /** The observation after {@code o}: a random action's outcome, or a new episode after one. */
    private static Observation next(CartPole env, Observation o, SplittableRandom random) {
        if (o.done()) {
            return new Observation(o.agent(), o.episode() + 1, 0, env.reset(), 0, false, false);
        }
        Environment.Step s = env.step(random.nextInt(env.actionCount()));
        return new Observation(
                o.agent(),
                o.episode(),
                o.step() + 1,
                s.observation(),
                s.reward(),
                s.terminated(),
                s.truncated());
    }

    private void send(String agent, String value) {
        send(agent, value.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String agent, byte[] value) {
        producer.send(
                new ProducerRecord<>(topic, agent.getBytes(StandardCharsets.UTF_8), value),
                (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private void pace(long start, long done) {
        long wait = start + (long) (done * 1e9 / config.rate()) - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long bad() {
        return bad;
    }

    @Override
    public long expected() {
        return expected;
    }

    @Override
    public long keys() {
        return config.keys().streams();
    }

    @Override
    public void close() {
        producer.close();
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Kafka refused an observation: " + failure.get().getMessage(), failure.get());
        }
    }
}
