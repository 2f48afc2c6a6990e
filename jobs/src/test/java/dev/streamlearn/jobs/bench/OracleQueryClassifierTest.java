package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strategy reads the twin that knows every answer at once; everything else is the late
 * learner's: each compared with a Naive Bayes taught the same instances here.
 */
class OracleQueryClassifierTest {

    @Test
    void theStrategyReadsTheTwinAndTheLearnerPredicts() {
        try (LabelledStream stream = MoaGeneratorStream.open("generators.SEAGenerator -i 4")) {
            var schema = stream.schema();
            MoaClassifier late = MoaClassifier.create("bayes.NaiveBayes", schema);
            OracleQueryClassifier c =
                    new OracleQueryClassifier(
                            late, MoaClassifier.create("bayes.NaiveBayes", schema));
            MoaClassifier taughtAtOnce = MoaClassifier.create("bayes.NaiveBayes", schema);
            MoaClassifier taughtLate = MoaClassifier.create("bayes.NaiveBayes", schema);
            List<Example> pending = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Example e = stream.next();
                c.answerAtOnce(e.x(), e.y());
                taughtAtOnce.learnOne(e.x(), e.y());
                pending.add(e);
            }
            for (Example e : pending.subList(0, 20)) {
                c.learnOne(e.x(), e.y());
                taughtLate.learnOne(e.x(), e.y());
            }
            Example probe = stream.next();
            assertThat(c.predictProbaForQuery(probe.x()))
                    .containsExactly(taughtAtOnce.predictProbaForQuery(probe.x()));
            assertThat(c.predictProbaOne(probe.x()))
                    .containsExactly(taughtLate.predictProbaOne(probe.x()));
            assertThat(c.predictProbaOne(probe.x()))
                    .as("the two differ: 20 answers against 300")
                    .isNotEqualTo(c.predictProbaForQuery(probe.x()));
        }
    }
}
