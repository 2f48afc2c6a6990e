package dev.streamlearn.operators.rl;

import java.util.Objects;

/**
 * One agent of an RL job with the bookkeeping of its episode: which episode and step it is at, so
 * that the transition (S, A, R, S') is assembled from consecutive observations of one episode and
 * acting and learning happen in one place. A step that is a duplicate, comes out of order or
 * belongs to another episode is rejected with the reason and leaves the agent unchanged; an episode
 * that goes silent is abandoned ({@link #expireIfSilent}).
 *
 * <p>Episode numbers increase per agent; step 0 of a higher episode starts it (abandoning an
 * unfinished one), step {@code k > 0} must follow step {@code k - 1} of the running episode.
 *
 * <pre>{@code
 * AgentSession s = new AgentSession(AgentSpec.forEnvironment("CartPole-v1", Algo.Q, 0).create("a1"));
 * AgentSession.Outcome o = s.offer(0, 0, env.reset(), 0, false, false, now);
 * Integer action = (Integer) o.action();
 * }</pre>
 */
public final class AgentSession {
    /** Episodes in the windowed mean return. */
    public static final int RETURN_WINDOW = 20;

    /** How the last episode ended. */
    public enum Ending {
        /** No episode ended yet, or one is running. */
        NONE,
        /** The environment said terminated or truncated. */
        DONE,
        /** No step came within the timeout. */
        TIMED_OUT
    }

    /**
     * What an observation led to: an action to send (null when the episode ended with it), or the
     * reason it was rejected.
     */
    public record Outcome(Object action, String rejection) {
        static final Outcome ENDED = new Outcome(null, null);

        public boolean rejected() {
            return rejection != null;
        }
    }

    /**
     * The session's bookkeeping besides its agent, as its codec writes and reads it.
     *
     * @param returns the last {@link #RETURN_WINDOW} episode returns, a ring indexed by {@code
     *     returnCount}
     */
    record Bookkeeping(
            long episode,
            int step,
            Ending ending,
            long lastSeenMillis,
            long timerAt,
            long abandoned,
            long rejected,
            double[] returns,
            long returnCount) {

        Bookkeeping {
            if (returns.length != RETURN_WINDOW) {
                throw new IllegalArgumentException(
                        "a session keeps " + RETURN_WINDOW + " returns, got " + returns.length);
            }
        }
    }

    private final Agent<?> agent;
    private long episode = -1;
    private int step = -1;
    private Ending ending = Ending.NONE;
    private long lastSeenMillis = Long.MIN_VALUE;
    private long timerAt = Long.MIN_VALUE;
    private long abandoned;
    private long rejected;
    private final double[] returns = new double[RETURN_WINDOW];
    private long returnCount;

    public AgentSession(Agent<?> agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** A session restored from its agent and bookkeeping. */
    AgentSession(Agent<?> agent, Bookkeeping b) {
        this(agent);
        episode = b.episode();
        step = b.step();
        ending = b.ending();
        lastSeenMillis = b.lastSeenMillis();
        timerAt = b.timerAt();
        abandoned = b.abandoned();
        rejected = b.rejected();
        System.arraycopy(b.returns(), 0, returns, 0, RETURN_WINDOW);
        returnCount = b.returnCount();
    }

    /** The bookkeeping, for the codec. */
    Bookkeeping bookkeeping() {
        return new Bookkeeping(
                episode,
                step,
                ending,
                lastSeenMillis,
                timerAt,
                abandoned,
                rejected,
                returns.clone(),
                returnCount);
    }

    /**
     * Takes the observation of step {@code step} of episode {@code episode} at processing time
     * {@code nowMillis}: starts the episode (step 0) or learns from the transition that ends here,
     * and returns the next action; or rejects it, unchanged, with the reason.
     */
    public Outcome offer(
            long episode,
            int step,
            double[] observation,
            double reward,
            boolean terminated,
            boolean truncated,
            long nowMillis) {
        String why = check(episode, step);
        if (why != null) {
            rejected++;
            return new Outcome(null, why);
        }
        if (observation.length != agent.observationSize()) {
            rejected++;
            return new Outcome(
                    null,
                    String.format(
                            "observation has %d values but the agent takes %d",
                            observation.length, agent.observationSize()));
        }
        lastSeenMillis = nowMillis;
        if (step == 0) {
            if (agent.inEpisode()) {
                // a later episode started before this one ended (e.g. the environment restarted)
                abandoned++;
            }
            this.episode = episode;
            this.step = 0;
            Object action = agent.start(observation);
            ending = Ending.NONE;
            return new Outcome(action, null);
        }
        this.step = step;
        Object action = agent.observe(reward, observation, terminated, truncated);
        if (action == null) {
            ending = Ending.DONE;
            returns[(int) (returnCount++ % RETURN_WINDOW)] = agent.lastEpisodeReturn();
            return Outcome.ENDED;
        }
        return new Outcome(action, null);
    }

    private String check(long ep, int st) {
        if (st == 0) {
            if (ep > episode) {
                return null;
            }
            if (ep == episode) {
                return String.format(
                        "duplicate: step 0 of episode %d was already processed (the agent is at"
                                + " step %d); the environment sent it twice",
                        ep, step);
            }
            return staleEpisode(ep);
        }
        if (ep < episode) {
            return staleEpisode(ep);
        }
        if (ep > episode) {
            return String.format(
                    "unknown episode: step %d of episode %d, but %s; an episode starts with its"
                            + " step 0 (the reset observation)",
                    st,
                    ep,
                    episode < 0
                            ? "the agent has no episode yet"
                            : "the agent is in episode " + episode);
        }
        if (st <= step) {
            return String.format(
                    "duplicate: step %d of episode %d was already processed (the agent is at step"
                            + " %d); the environment sent it twice",
                    st, ep, step);
        }
        if (!agent.inEpisode()) {
            return String.format(
                    "episode %d already ended at step %d (%s); start episode %d with its step 0",
                    ep, step, describe(ending), ep + 1);
        }
        if (st != step + 1) {
            return String.format(
                    "out of order: step %d of episode %d arrived but the agent expects step %d;"
                            + " a step was lost or sent before the action of the previous one",
                    st, ep, step + 1);
        }
        return null;
    }

    private String staleEpisode(long ep) {
        return String.format(
                "stale episode: episode %d is below the agent's episode %d; number the episodes of"
                        + " an agent upward (a new environment process continues above the last"
                        + " one, or uses new agent names)",
                ep, episode);
    }

    private static String describe(Ending e) {
        return switch (e) {
            case DONE -> "terminated or truncated";
            case TIMED_OUT -> "timed out: no step came in time";
            case NONE -> "abandoned";
        };
    }

    /**
     * Abandons the running episode if no step came for {@code timeoutMillis} up to {@code
     * nowMillis}; returns whether it did.
     */
    public boolean expireIfSilent(long nowMillis, long timeoutMillis) {
        if (agent.inEpisode() && nowMillis - lastSeenMillis >= timeoutMillis) {
            agent.abandonEpisode();
            abandoned++;
            ending = Ending.TIMED_OUT;
            return true;
        }
        return false;
    }

    public Agent<?> agent() {
        return agent;
    }

    /** The current (or last) episode number, -1 before the first. */
    public long episode() {
        return episode;
    }

    /** The last step processed in {@link #episode()}, -1 before the first. */
    public int step() {
        return step;
    }

    public boolean inEpisode() {
        return agent.inEpisode();
    }

    public Ending lastEnding() {
        return ending;
    }

    /** Processing time of the last accepted observation, {@code Long.MIN_VALUE} before. */
    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** The time of the pending timeout check (kept by the host), {@code Long.MIN_VALUE} if none. */
    public long timerAt() {
        return timerAt;
    }

    public void setTimerAt(long t) {
        this.timerAt = t;
    }

    /** Episodes abandoned: timed out, or superseded by a later episode. */
    public long abandonedEpisodes() {
        return abandoned;
    }

    /** Observations rejected over the agent's life. */
    public long rejectedSteps() {
        return rejected;
    }

    /** The mean raw return of the last {@link #RETURN_WINDOW} ended episodes, NaN before one. */
    public double windowedMeanReturn() {
        int n = (int) Math.min(returnCount, RETURN_WINDOW);
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += returns[i];
        }
        return sum / n;
    }

    /** An estimate of the session's heap size in bytes. */
    public long estimatedBytes() {
        return agent.estimatedBytes() + 8L * RETURN_WINDOW + 96;
    }
}
