package dev.streamlearn.operators.rl.env;

/** An environment with actions {@code 0 .. actionCount() - 1}. */
public interface DiscreteEnvironment extends Environment<Integer> {
    int actionCount();
}
