package dev.streamlearn.operators.rl.flink;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.operators.rl.AgentSession;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;

/**
 * Flink adapter of {@link AgentSession}: one stream-x agent per agent key. Every observation that
 * continues an episode yields the agent's next {@link Action} with the same agent, episode and step
 * (none when the observation ends the episode); a duplicate, out-of-order or unknown-episode
 * observation goes to {@link #REJECTED_STEPS} as a dead letter with the reason. An episode that
 * gets no step for {@code episodeTimeout} (processing time) is abandoned: its traces are cleared
 * and a later step of it is rejected.
 *
 * <p>Gauges of the agent used last: {@code episodes}, {@code meanReturn} (windowed over {@value
 * AgentSession#RETURN_WINDOW} episodes), {@code lastReturn}, {@code tdError}, {@code stepSize} (the
 * effective ObGD step size), {@code agentSteps}; counters of the subtask: {@code episodesEnded},
 * {@code episodesTimedOut}, {@code rejectedSteps}.
 */
public final class StreamAgentFunction
        implements KeyedModelFunction<String, Observation, Action, AgentSession> {
    private static final long serialVersionUID = 1L;

    /** Side output of the observations that no agent could take, with the reason. */
    public static final OutputTag<DeadLetter> REJECTED_STEPS =
            new OutputTag<>("rejected-steps", TypeInformation.of(DeadLetter.class));

    private final AgentSpec spec;
    private final long timeoutMillis;
    private final String observationsTopic;

    private transient AgentSession last;
    private transient Counter episodesEnded;
    private transient Counter timedOut;
    private transient Counter rejected;

    /**
     * @param spec the agent each new key gets
     * @param episodeTimeout an episode without a step for this long is abandoned
     * @param observationsTopic named in the dead letters of rejected observations
     */
    public StreamAgentFunction(AgentSpec spec, Duration episodeTimeout, String observationsTopic) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (episodeTimeout.isNegative() || episodeTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "the episode timeout must be positive, got " + episodeTimeout);
        }
        this.timeoutMillis = episodeTimeout.toMillis();
        this.observationsTopic = observationsTopic;
    }

    @Override
    public void open(MetricGroup metrics) {
        episodesEnded = metrics.counter("episodesEnded");
        timedOut = metrics.counter("episodesTimedOut");
        rejected = metrics.counter("rejectedSteps");
        metrics.gauge("episodes", () -> last == null ? 0L : last.agent().episodes());
        metrics.gauge(
                "meanReturn", () -> last == null ? 0.0 : zeroIfNaN(last.windowedMeanReturn()));
        metrics.gauge(
                "lastReturn",
                () -> last == null ? 0.0 : zeroIfNaN(last.agent().lastEpisodeReturn()));
        metrics.gauge("tdError", () -> last == null ? 0.0 : zeroIfNaN(last.agent().lastTdError()));
        metrics.gauge(
                "stepSize", () -> last == null ? 0.0 : zeroIfNaN(last.agent().lastStepSize()));
        metrics.gauge("agentSteps", () -> last == null ? 0L : last.agent().steps());
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }

    @Override
    public AgentSession createModel(String agent) {
        return new AgentSession(spec.create(agent));
    }

    @Override
    public long estimatedBytes(AgentSession session) {
        return session.estimatedBytes();
    }

    @Override
    public void processElement(AgentSession session, Observation o, Context<String, Action> ctx) {
        last = session;
        long now = ctx.currentProcessingTime();
        AgentSession.Outcome outcome =
                session.offer(
                        o.episode(),
                        o.step(),
                        o.obs(),
                        o.reward(),
                        o.terminated(),
                        o.truncated(),
                        now);
        if (outcome.rejected()) {
            rejected.inc();
            ctx.output(
                    REJECTED_STEPS,
                    new DeadLetter(
                            observationsTopic,
                            -1,
                            -1,
                            ctx.timestamp() == Long.MIN_VALUE ? now : ctx.timestamp(),
                            "agent '" + o.agent() + "': " + outcome.rejection(),
                            RecordJson.observation(o)));
            return;
        }
        Object action = outcome.action();
        if (action == null) {
            episodesEnded.inc();
            return;
        }
        if (action instanceof Integer a) {
            ctx.collect(Action.discrete(o.agent(), o.episode(), o.step(), a));
        } else {
            ctx.collect(Action.continuous(o.agent(), o.episode(), o.step(), (double[]) action));
        }
        if (session.timerAt() == Long.MIN_VALUE) {
            // one pending check per agent, moved forward lazily instead of once per step
            long at = now + timeoutMillis;
            ctx.registerProcessingTimeTimer(at);
            session.setTimerAt(at);
        }
    }

    @Override
    public void onTimer(
            AgentSession session, long timestamp, TimeDomain domain, Context<String, Action> ctx) {
        if (domain != TimeDomain.PROCESSING_TIME || timestamp != session.timerAt()) {
            return;
        }
        session.setTimerAt(Long.MIN_VALUE);
        if (!session.inEpisode()) {
            return;
        }
        if (session.expireIfSilent(ctx.currentProcessingTime(), timeoutMillis)) {
            timedOut.inc();
        } else {
            long at = session.lastSeenMillis() + timeoutMillis;
            ctx.registerProcessingTimeTimer(at);
            session.setTimerAt(at);
        }
    }
}
