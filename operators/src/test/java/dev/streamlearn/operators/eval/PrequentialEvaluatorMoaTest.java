package dev.streamlearn.operators.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.moa.MoaSchemas;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import java.util.HashMap;
import java.util.Map;
import moa.core.InstanceExample;
import moa.core.Measurement;
import moa.evaluation.BasicClassificationPerformanceEvaluator;
import moa.evaluation.WindowClassificationPerformanceEvaluator;
import org.junit.jupiter.api.Test;

/**
 * The evaluator gives the same accuracy, kappa, kappa-M and kappa-temporal as MOA's own evaluators,
 * cumulative and windowed, on the same predictions of a drifting stream.
 */
class PrequentialEvaluatorMoaTest {

    @Test
    void matchesMoasEvaluatorsOnADriftingStream() {
        assertSameFiguresAsMoa(NamedStreams.cli("LED_a", 1), "trees.HoeffdingTree", 300);
    }

    @Test
    void matchesMoasEvaluatorsWithAWeakPredictorOnTwoClasses() {
        assertSameFiguresAsMoa(
                "generators.SEAGenerator -i 4 -n 30", "functions.MajorityClass", 500);
    }

    private static void assertSameFiguresAsMoa(String streamCli, String learnerCli, int window) {
        LabelledStream stream = MoaGeneratorStream.open(streamCli);
        InstancesHeader header = MoaSchemas.header(stream.schema());
        MoaClassifier learner = MoaClassifier.create(learnerCli, stream.schema());
        int k = stream.schema().numClasses();
        PrequentialEvaluator ours = new PrequentialEvaluator(k, window);
        BasicClassificationPerformanceEvaluator basic =
                new BasicClassificationPerformanceEvaluator();
        WindowClassificationPerformanceEvaluator windowed =
                new WindowClassificationPerformanceEvaluator();
        windowed.widthOption.setValue(window);
        basic.prepareForUse();
        windowed.prepareForUse();
        int compared = 0;
        for (int i = 1; i <= 6000; i++) {
            LabelledStream.Example e = stream.next();
            int predicted = learner.predictOne(e.x());
            double[] votes = new double[k];
            votes[predicted] = 1;
            var example = new InstanceExample(MoaSchemas.instance(header, e.x(), e.y()));
            basic.addResult(example, votes);
            windowed.addResult(example, votes);
            ours.add(predicted, e.y());
            learner.learnOne(e.x(), e.y());
            if (i % 250 == 0) {
                Map<String, Double> b = percent(basic.getPerformanceMeasurements());
                Map<String, Double> w = percent(windowed.getPerformanceMeasurements());
                assertThat(ours.accuracy())
                        .isCloseTo(b.get("classifications correct (percent)"), within(1e-9));
                assertThat(ours.kappa())
                        .isCloseTo(b.get("Kappa Statistic (percent)"), within(1e-9));
                assertThat(ours.kappaM())
                        .isCloseTo(b.get("Kappa M Statistic (percent)"), within(1e-9));
                assertThat(ours.kappaTemporal())
                        .isCloseTo(b.get("Kappa Temporal Statistic (percent)"), within(1e-9));
                assertThat(ours.windowAccuracy())
                        .isCloseTo(w.get("classifications correct (percent)"), within(1e-9));
                assertThat(ours.windowKappa())
                        .isCloseTo(w.get("Kappa Statistic (percent)"), within(1e-9));
                assertThat(ours.windowKappaM())
                        .isCloseTo(w.get("Kappa M Statistic (percent)"), within(1e-9));
                assertThat(ours.windowKappaTemporal())
                        .isCloseTo(w.get("Kappa Temporal Statistic (percent)"), within(1e-9));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24);
    }

    /** MOA's measurements by name, as fractions. */
    private static Map<String, Double> percent(Measurement[] measurements) {
        Map<String, Double> out = new HashMap<>();
        for (Measurement m : measurements) {
            out.put(m.getName(), m.getValue() / 100);
        }
        return out;
    }
}
