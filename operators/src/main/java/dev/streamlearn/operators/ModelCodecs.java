package dev.streamlearn.operators;

import dev.streamlearn.operators.active.ActiveLearner;
import dev.streamlearn.operators.active.ActiveLearnerCodec;
import dev.streamlearn.operators.active.ActiveSession;
import dev.streamlearn.operators.active.ActiveSessionCodec;
import dev.streamlearn.operators.active.BalancedIncrementalQuantileFilter;
import dev.streamlearn.operators.active.BalancedIncrementalQuantileFilterCodec;
import dev.streamlearn.operators.active.CumulativeBudget;
import dev.streamlearn.operators.active.CumulativeBudgetCodec;
import dev.streamlearn.operators.active.EntropySampling;
import dev.streamlearn.operators.active.EntropySamplingCodec;
import dev.streamlearn.operators.active.ErrorRateDetector;
import dev.streamlearn.operators.active.ErrorRateDetectorCodec;
import dev.streamlearn.operators.active.FixedUncertainty;
import dev.streamlearn.operators.active.FixedUncertaintyCodec;
import dev.streamlearn.operators.active.LatencyAwareUtility;
import dev.streamlearn.operators.active.LatencyAwareUtilityCodec;
import dev.streamlearn.operators.active.PendingRequests;
import dev.streamlearn.operators.active.PendingRequestsCodec;
import dev.streamlearn.operators.active.RandomSampling;
import dev.streamlearn.operators.active.RandomSamplingCodec;
import dev.streamlearn.operators.active.RandomizedVariableUncertainty;
import dev.streamlearn.operators.active.RandomizedVariableUncertaintyCodec;
import dev.streamlearn.operators.active.SelectiveSampling;
import dev.streamlearn.operators.active.SelectiveSamplingCodec;
import dev.streamlearn.operators.active.SplitSampling;
import dev.streamlearn.operators.active.SplitSamplingCodec;
import dev.streamlearn.operators.active.VariableUncertainty;
import dev.streamlearn.operators.active.VariableUncertaintyCodec;
import dev.streamlearn.operators.active.WindowedBudget;
import dev.streamlearn.operators.active.WindowedBudgetCodec;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.driftmoe.DriftMoeCodec;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.eval.PrequentialEvaluatorCodec;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.labels.DelayedLabelsCodec;
import dev.streamlearn.operators.labels.LabelRequests;
import dev.streamlearn.operators.labels.LabelRequestsCodec;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.AdamCodec;
import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.LayerNormNetCodec;
import dev.streamlearn.operators.nn.Mlp;
import dev.streamlearn.operators.nn.MlpCodec;
import dev.streamlearn.operators.nn.ObGD;
import dev.streamlearn.operators.nn.ObGDCodec;
import dev.streamlearn.operators.nn.RunningStandardiser;
import dev.streamlearn.operators.nn.RunningStandardiserCodec;
import dev.streamlearn.operators.rl.AgentSession;
import dev.streamlearn.operators.rl.AgentSessionCodec;
import dev.streamlearn.operators.rl.DiscreteAgentCodec;
import dev.streamlearn.operators.rl.RunningStats;
import dev.streamlearn.operators.rl.RunningStatsCodec;
import dev.streamlearn.operators.rl.StreamActorCritic;
import dev.streamlearn.operators.rl.StreamAgentConfig;
import dev.streamlearn.operators.rl.StreamAgentConfigCodec;
import dev.streamlearn.operators.rl.StreamGaussianActorCritic;
import dev.streamlearn.operators.rl.StreamGaussianActorCriticCodec;
import dev.streamlearn.operators.rl.StreamQ;
import dev.streamlearn.operators.rl.StreamSarsa;
import dev.streamlearn.operators.rl.StreamTd;
import dev.streamlearn.operators.rl.StreamTdCodec;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EntityHistoryCodec;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppLearner;
import dev.streamlearn.operators.tpp.online.OnlineTppLearnerCodec;
import dev.streamlearn.state.codec.CodecRegistry;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import moa.classifiers.core.driftdetection.ADWIN;

/**
 * Every model codec of the operators, each under its type tag, in one registry: the keyed-model
 * operators' models, the parts that hold "some classifier" (a prequential or active learner) or
 * "some agent" (an RL session), which encode and decode those through it, and the networks,
 * optimizers and statistics inside the models, which their owners' codecs write through it.
 *
 * <p>Configurations: one that only its owner needs (DriftMoE's, the online TPP learner's settings)
 * is written bare by the owner's codec, inside the owner's version. A part that can be read alone,
 * such as a query strategy or budget manager with its thresholds, or the stream-x agents' shared
 * {@link StreamAgentConfig}, has a codec of its own here, which its owners write through the
 * registry.
 *
 * <pre>{@code
 * byte[] bytes = ModelCodecs.ALL.encode(classifier);
 * OnlineClassifier back = ModelCodecs.ALL.decode(bytes, OnlineClassifier.class);
 * }</pre>
 */
public final class ModelCodecs {
    private ModelCodecs() {}

    public static final CodecRegistry ALL =
            new CodecRegistry()
                    // classifiers
                    .register(DriftMoe.class, new DriftMoeCodec())
                    .register(MoaClassifier.class, new MoaLearnerCodec<>(MoaClassifier.class))
                    // DriftMoE's experts are MoaClassifiers (above); its drift detectors:
                    .register(ADWIN.class, new MoaLearnerCodec<>(ADWIN.class))
                    // stream-x agents
                    .register(StreamQ.class, DiscreteAgentCodec.Q)
                    .register(StreamSarsa.class, DiscreteAgentCodec.SARSA)
                    .register(StreamActorCritic.class, DiscreteAgentCodec.ACTOR_CRITIC)
                    .register(StreamGaussianActorCritic.class, new StreamGaussianActorCriticCodec())
                    .register(StreamTd.class, new StreamTdCodec())
                    // the keyed-model operators' models
                    .register(PrequentialLearner.class, new PrequentialLearnerCodec())
                    .register(ActiveLearner.class, new ActiveLearnerCodec())
                    .register(ActiveSession.class, new ActiveSessionCodec())
                    .register(AgentSession.class, new AgentSessionCodec())
                    // the point-process job's parts
                    .register(EntityHistory.class, new EntityHistoryCodec())
                    .register(NeuralTpp.class, new NeuralTppCodec())
                    .register(OnlineTppLearner.class, new OnlineTppLearnerCodec())
                    // the parts that the models above hold: networks, optimizers, statistics,
                    // prequential figures, instances and labels waiting for each other
                    .register(Mlp.class, new MlpCodec())
                    .register(Adam.class, new AdamCodec())
                    .register(RunningStandardiser.class, new RunningStandardiserCodec())
                    .register(LayerNormNet.class, new LayerNormNetCodec())
                    .register(ObGD.class, new ObGDCodec())
                    .register(RunningStats.class, new RunningStatsCodec())
                    .register(StreamAgentConfig.class, new StreamAgentConfigCodec())
                    .register(PrequentialEvaluator.class, new PrequentialEvaluatorCodec())
                    .register(DelayedLabels.class, new DelayedLabelsCodec())
                    .register(LabelRequests.class, new LabelRequestsCodec())
                    // the active learner's parts: where to ask, when the budget lets it, and the
                    // bias guard's drift detector, pending requests and latency-aware utility
                    .register(FixedUncertainty.class, new FixedUncertaintyCodec())
                    .register(VariableUncertainty.class, new VariableUncertaintyCodec())
                    .register(
                            RandomizedVariableUncertainty.class,
                            new RandomizedVariableUncertaintyCodec())
                    .register(SelectiveSampling.class, new SelectiveSamplingCodec())
                    .register(EntropySampling.class, new EntropySamplingCodec())
                    .register(RandomSampling.class, new RandomSamplingCodec())
                    .register(SplitSampling.class, new SplitSamplingCodec())
                    .register(CumulativeBudget.class, new CumulativeBudgetCodec())
                    .register(WindowedBudget.class, new WindowedBudgetCodec())
                    .register(
                            BalancedIncrementalQuantileFilter.class,
                            new BalancedIncrementalQuantileFilterCodec())
                    .register(ErrorRateDetector.class, new ErrorRateDetectorCodec())
                    .register(PendingRequests.class, new PendingRequestsCodec())
                    .register(LatencyAwareUtility.class, new LatencyAwareUtilityCodec());
}
