package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link ErrorRateDetector}. Version 1: the outcomes seen since the last change, the
 * error rate p, then p, s and p + s at the lowest p + s so far (the detector's thresholds are
 * constants). These are also the fields the active learner's codec wrote without an envelope in its
 * versions 3 and 4.
 *
 * <pre>{@code
 * byte[] bytes = new ErrorRateDetectorCodec().encode(detector);
 * ErrorRateDetector restored = new ErrorRateDetectorCodec().decode(bytes);
 * }</pre>
 */
public final class ErrorRateDetectorCodec implements ModelCodec<ErrorRateDetector> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "error-rate-detector";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(ErrorRateDetector detector, DataOutput out) throws IOException {
        out.writeLong(detector.count());
        out.writeDouble(detector.errorRate());
        out.writeDouble(detector.minErrorRate());
        out.writeDouble(detector.minDeviation());
        out.writeDouble(detector.minSum());
    }

    @Override
    public ErrorRateDetector read(int version, DataInput in) throws IOException {
        ErrorRateDetector detector = new ErrorRateDetector();
        detector.restore(
                in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        return detector;
    }
}
