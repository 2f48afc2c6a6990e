package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.RawRecord;

/**
 * Parses and validates an environment's observation: {@code
 * {"agent":"a1","episode":3,"step":17,"obs":[0.1,-0.2,0.03,0.4],"reward":1.0,
 * "terminated":false,"truncated":false}}. {@code reward}, {@code terminated} and {@code truncated}
 * are optional (0 and false); a reset observation (step 0) can be neither rewarded nor terminal.
 *
 * <pre>{@code
 * Observation o = new ObservationParser(4).parse(raw); // CartPole-v1 observations have 4 values
 * }</pre>
 */
public final class ObservationParser implements RecordParser<Observation> {
    private static final long serialVersionUID = 1L;

    private final int observationSize;
    private final String describedAs;

    /**
     * @param observationSize the number of values every observation must have; 0 accepts any
     *     non-empty observation
     * @param describedAs what the observations are, for error messages (e.g. {@code CartPole-v1})
     */
    public ObservationParser(int observationSize, String describedAs) {
        if (observationSize < 0) {
            throw new IllegalArgumentException(
                    "observationSize must be 0 (any) or positive, got " + observationSize);
        }
        this.observationSize = observationSize;
        this.describedAs = describedAs;
    }

    /** A parser for observations of {@code observationSize} values. */
    public ObservationParser(int observationSize) {
        this(observationSize, "this job's environment");
    }

    @Override
    public Observation parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String agent = Json.requiredText(obj, "agent");
        long episode = Json.requiredNonNegativeLong(obj, "episode");
        long step = Json.requiredNonNegativeLong(obj, "step");
        if (step > Integer.MAX_VALUE) {
            throw BadRecordException.of(
                    "step %d is beyond the largest supported step %d; start a new episode",
                    step, Integer.MAX_VALUE);
        }
        double[] obs = Json.finiteArray(obj, "obs");
        if (obs.length == 0) {
            throw new BadRecordException("\"obs\" is empty; send the observation's values");
        }
        if (observationSize > 0 && obs.length != observationSize) {
            throw BadRecordException.of(
                    "obs has %d values but %s observations have %d",
                    obs.length, describedAs, observationSize);
        }
        JsonNode r = obj.get("reward");
        double reward = 0;
        if (r != null && !r.isNull()) {
            if (!r.isNumber() || !Double.isFinite(r.asDouble())) {
                throw BadRecordException.of(
                        "\"reward\" must be a finite number, got %s", Json.describe(r));
            }
            reward = r.asDouble();
        }
        boolean terminated = Json.optionalBoolean(obj, "terminated");
        boolean truncated = Json.optionalBoolean(obj, "truncated");
        if (step == 0 && (terminated || truncated || reward != 0)) {
            throw BadRecordException.of(
                    "step 0 is the reset observation of episode %d: it has no reward and cannot"
                            + " be terminated or truncated; number the outcome of the first"
                            + " action step 1",
                    episode);
        }
        return new Observation(agent, episode, (int) step, obs, reward, terminated, truncated);
    }
}
