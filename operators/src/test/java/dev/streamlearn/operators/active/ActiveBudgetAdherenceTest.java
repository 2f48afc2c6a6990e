package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Budget adherence on long seeded streams: no strategy spends more than b + 0.5 points, and those
 * meant to use the whole budget spend within 0.5 points of it, at 0.05, 0.1 and 0.2 over 40,000
 * instances of drifting SEA with a Naive Bayes learner.
 */
class ActiveBudgetAdherenceTest {
    private static final int INSTANCES = 40_000;
    private static final double TOLERANCE = 0.005;
    private static final String STREAM =
            "ConceptDriftStream -s (generators.SEAGenerator -i 3 -f 1)"
                    + " -d (generators.SEAGenerator -i 3 -f 3) -w 5000 -p 20000 -r 3";

    /** Strategies that keep asking wherever the gate is open (Zliobaite's and the list). */
    private static final Set<StrategyConfig.Kind> WHOLE_BUDGET =
            EnumSet.of(
                    StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                    StrategyConfig.Kind.RANDOMIZED_VARIABLE_UNCERTAINTY,
                    StrategyConfig.Kind.SELECTIVE_SAMPLING,
                    StrategyConfig.Kind.SPLIT);

    private static double spentRatio(ActiveLearningConfig config) {
        try (LabelledStream stream = MoaGeneratorStream.open(STREAM)) {
            ActiveLearner al =
                    ActiveLearner.create(
                            MoaClassifier.create("bayes.NaiveBayes", stream.schema()), config);
            for (int i = 0; i < INSTANCES; i++) {
                Example e = stream.next();
                al.queryThenLearn(e.x(), e.y());
            }
            assertThat(al.seen()).isEqualTo(INSTANCES);
            assertThat(al.learned()).isEqualTo(al.requested());
            return al.spentRatio();
        }
    }

    @Test
    void everyStrategyUnderEveryManagerKeepsItsBudget() {
        List<String> failures = new ArrayList<>();
        for (double b : new double[] {0.05, 0.1, 0.2}) {
            for (BudgetConfig.Kind manager : BudgetConfig.Kind.values()) {
                for (StrategyConfig.Kind strategy : StrategyConfig.Kind.values()) {
                    double spent = spentRatio(ActiveLearningConfig.of(strategy, manager, b, 17));
                    boolean whole =
                            manager == BudgetConfig.Kind.BIQF || WHOLE_BUDGET.contains(strategy);
                    String run =
                            String.format(
                                    "%s/%s at b=%.2f spent %.4f",
                                    strategy.cliName(), manager.cliName(), b, spent);
                    if (spent > b + TOLERANCE || (whole && spent < b - TOLERANCE)) {
                        failures.add(run);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
