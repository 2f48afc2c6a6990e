package dev.streamlearn.operators.active;

/**
 * The variable threshold theta of Zliobaite et al. 2014: starts at 1, falls by a factor (1 - s)
 * after a question, rises by (1 + s) after an instance the strategy let pass.
 */
final class VariableThreshold {
    private final double step;
    private double theta = 1.0;

    VariableThreshold(double step) {
        this.step = step;
    }

    double step() {
        return step;
    }

    double theta() {
        return theta;
    }

    void set(double value) {
        this.theta = value;
    }

    void update(boolean queried) {
        theta *= queried ? 1 - step : 1 + step;
    }
}
