package dev.streamlearn.operators.rl.env;

/** An environment with a box of real-valued actions, clipped to the bounds by the environment. */
public interface ContinuousEnvironment extends Environment<double[]> {
    double[] actionLow();

    double[] actionHigh();
}
