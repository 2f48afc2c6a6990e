package dev.streamlearn.jobs.soak;

/** The input of a soaked job, produced on a thread of its own at the soak's rate. */
interface SoakFeed extends AutoCloseable {

    /** Whether records are still being produced. */
    boolean running();

    /** Records produced (good and bad). */
    long sent();

    /** Bad records among them. */
    long bad();

    /** Good records that must each have one output. */
    long expected();

    /** Distinct keys among the records produced. */
    long keys();

    @Override
    void close();
}
