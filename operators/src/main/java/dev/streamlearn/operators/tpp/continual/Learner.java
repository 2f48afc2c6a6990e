package dev.streamlearn.operators.tpp.continual;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.LogLikelihood;
import dev.streamlearn.operators.tpp.NextEventScore;
import java.util.List;

/** A method of the continual protocol: learns task after task, scores any sequences. */
public interface Learner extends AutoCloseable {

    /** The method's name in tables and JSON. */
    String name();

    /**
     * Learns one task; returns the training loss per event after each epoch (empty for methods that
     * fit in closed form).
     */
    List<Double> learn(Task task);

    /** The log-likelihood of sequences, EasyTPP's convention. */
    LogLikelihood logLikelihood(List<EventSequence> seqs);

    /** Next-event predictions scored on sequences. */
    NextEventScore predict(List<EventSequence> seqs);

    @Override
    void close();
}
