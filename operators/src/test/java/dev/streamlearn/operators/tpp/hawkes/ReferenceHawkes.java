package dev.streamlearn.operators.tpp.hawkes;

/** The reference configuration of the synthetic Hawkes benchmark (regime A of the notes). */
final class ReferenceHawkes {
    private ReferenceHawkes() {}

    static final double HORIZON = 100;

    static Hawkes regimeA() {
        return Hawkes.of(
                new double[] {0.3, 0.2, 0.1},
                new double[][] {{.3, .1, 0}, {.2, .4, .1}, {0, .3, .3}},
                1.5);
    }
}
