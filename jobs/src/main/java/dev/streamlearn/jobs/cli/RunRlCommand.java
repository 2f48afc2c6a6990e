package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.operators.rl.AgentSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamlearn run rl}: the streaming RL job, one stream-x agent per agent key, acting and
 * learning per step.
 */
@Command(
        name = "rl",
        mixinStandardHelpOptions = true,
        description = {
            "Streaming reinforcement learning (stream-x: Elsayed, Vasan and Mahmood, 2024): one agent per agent key, which learns from each transition once, with no replay buffer, and answers every observation with its next action.",
            "",
            "Environments send observations to --observations-topic:",
            "  {\"agent\":\"a1\",\"episode\":3,\"step\":17,\"obs\":[...],\"reward\":1.0,\"terminated\":false,\"truncated\":false}",
            "step 0 is the reset observation of an episode; step k is the outcome of the action for step k-1. The job answers on --actions-topic with",
            "  {\"agent\":\"a1\",\"episode\":3,\"step\":17,\"action\":1}   (or \"action\":[0.4] for continuous actions)",
            "and no action for an observation that ends its episode. Actions go out at least once and at once (the environment waits): an environment must drop an action for a step it has already taken. A duplicate, out-of-order or unknown-episode observation goes to --dead-letters-topic with the reason; an episode with no step for --episode-timeout is abandoned.",
            "",
            "Gauges in the web UI (operator rl-agents), over the agents of each subtask: agents, episodes and agentSteps (totals), meanReturn (each agent's last 20 episodes; the mean over the agents, and meanReturnLowest), lastReturn, tdError, stepSize (effective ObGD step size; means); counters episodesEnded, episodesTimedOut, rejectedSteps.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn run rl --bootstrap-servers localhost:9092 --env CartPole-v1 --algo q",
            "  streamlearn env CartPole-v1 --agents 8 --bootstrap-servers localhost:9092 --png curve.png",
            "  streamlearn run rl --bootstrap-servers localhost:9092 --env Pendulum-v1 --algo ac"
        })
final class RunRlCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Option(
            names = "--env",
            defaultValue = "CartPole-v1",
            description =
                    "the environment the agents face, for the sizes of observations and actions"
                            + " and the time limit: CartPole-v1, Acrobot-v1 (discrete),"
                            + " Pendulum-v1 (continuous) (default: ${DEFAULT-VALUE})")
    String envId;

    @Option(
            names = "--algo",
            defaultValue = "q",
            description =
                    "q (Q(lambda)), sarsa (SARSA(lambda)) or ac (AC(lambda); Gaussian for"
                            + " continuous actions) (default: ${DEFAULT-VALUE})")
    String algo;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "base seed; each agent's seed mixes it with the agent's name (default:"
                            + " ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--hidden",
            defaultValue = "0",
            description =
                    "hidden units per layer; 0 for the reference's 32 (128 for continuous"
                            + " actions) (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(
            names = "--observations-topic",
            defaultValue = "observations",
            description = "topic the observations are read from (default: ${DEFAULT-VALUE})")
    String observationsTopic;

    @Option(
            names = "--actions-topic",
            defaultValue = "actions",
            description = "topic the actions are written to (default: ${DEFAULT-VALUE})")
    String actionsTopic;

    @Option(
            names = "--dead-letters-topic",
            defaultValue = "rl-dead-letters",
            description =
                    "topic of the observations that could not be read or taken, with the reason"
                            + " (default: ${DEFAULT-VALUE})")
    String deadLettersTopic;

    @Option(
            names = "--episode-timeout",
            defaultValue = "2m",
            description =
                    "abandon an episode with no step for this long: its traces are cleared and"
                            + " a later step of it is a dead letter (default: ${DEFAULT-VALUE})")
    Duration episodeTimeout;

    @Option(
            names = "--buffer-timeout",
            defaultValue = "0ms",
            description =
                    "how long Flink may hold records to fill a network buffer; part of every"
                            + " step's round trip, 0 sends each record at once (default:"
                            + " ${DEFAULT-VALUE})")
    Duration bufferTimeout;

    @Override
    public Integer call() throws Exception {
        RuntimeMixin.positive(episodeTimeout, "--episode-timeout");
        AgentSpec spec = AgentSpec.forEnvironment(envId, AgentSpec.Algo.of(algo), seed);
        if (hidden > 0) {
            spec = spec.withConfig(spec.config().withHidden(hidden));
        }
        String name = job.name("streamlearn-rl");
        RlJob.Options options =
                job.applyTo(RlJob.Options.builder(job.bootstrapServers(), spec), name)
                        .topics(new RlTopics(observationsTopic, actionsTopic, deadLettersTopic))
                        .environment(envId)
                        .episodeTimeout(episodeTimeout)
                        .bufferTimeout(bufferTimeout)
                        .build();
        StreamExecutionEnvironment env = job.environment(name, "--env", "--algo", "--hidden");
        RlJob.wire(env, options);
        return job.execute(
                env,
                name,
                String.format(
                        "%s agents on %s; %s -> %s, %s",
                        spec, envId, observationsTopic, actionsTopic, deadLettersTopic));
    }
}
