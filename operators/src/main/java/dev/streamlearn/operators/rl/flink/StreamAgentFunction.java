package dev.streamlearn.operators.rl.flink;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.operators.flink.ModelFunction;
import dev.streamlearn.operators.rl.AgentSession;
import dev.streamlearn.operators.rl.AgentSpec;
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
 * <p>Gauges over the agents of the subtask: {@code agents}, {@code episodes} and {@code agentSteps}
 * (totals), {@code meanReturn} (each agent's mean over its last {@value AgentSession#RETURN_WINDOW}
 * episodes; the mean over the agents and the lowest), {@code lastReturn}, {@code tdError} and
 * {@code stepSize} (the effective ObGD step size; means); counters of the subtask: {@code
 * episodesEnded}, {@code episodesTimedOut}, {@code rejectedSteps}.
 */
public final class StreamAgentFunction extends ModelFunction<Observation, Action, AgentSession> {
    private static final long serialVersionUID = 1L;

    /** Side output of the observations that no agent could take, with the reason. */
    public static final OutputTag<DeadLetter> REJECTED_STEPS =
            new OutputTag<>("rejected-steps", TypeInformation.of(DeadLetter.class));

    private final AgentSpec spec;
    private final long timeoutMillis;
    private final String observationsTopic;

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
    protected String keysName() {
        return "agents";
    }

    @Override
    protected void declareFigures(Figures<AgentSession> f) {
        f.total("episodes", s -> s.agent().episodes())
                .meanAndLowest("meanReturn", AgentSession::windowedMeanReturn)
                .mean("lastReturn", s -> s.agent().lastEpisodeReturn())
                .mean("tdError", s -> s.agent().lastTdError())
                .mean("stepSize", s -> s.agent().lastStepSize())
                .total("agentSteps", s -> s.agent().steps());
    }

    @Override
    public void open(MetricGroup metrics) {
        super.open(metrics);
        episodesEnded = metrics.counter("episodesEnded");
        timedOut = metrics.counter("episodesTimedOut");
        rejected = metrics.counter("rejectedSteps");
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
        take(session, o, ctx);
        observed(ctx.key(), session);
    }

    /** Offers the observation to the agent and answers with its action, or rejects it. */
    private void take(AgentSession session, Observation o, Context<String, Action> ctx) {
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
            observed(ctx.key(), session);
        } else {
            long at = session.lastSeenMillis() + timeoutMillis;
            ctx.registerProcessingTimeTimer(at);
            session.setTimerAt(at);
        }
    }
}
