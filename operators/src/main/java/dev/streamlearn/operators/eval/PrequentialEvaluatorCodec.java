package dev.streamlearn.operators.eval;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link PrequentialEvaluator}. Version 2 (current): the number of classes and the
 * window size, the cumulative counts (instances, correct, correct by the no-change and by the
 * majority classifier), the last true class, the predicted and true class counts, then per window
 * slot the predicted and true class (two bytes each) and the flags of that instance. Version 1, the
 * first form: the cumulative counts without the no-change and majority ones, the window's hit count
 * and a hit per slot of the whole window; kappa-M and kappa-temporal start from that point, and the
 * window's classes are unknown until it has turned over. These are also the fields that owners
 * wrote without an envelope before this codec existed: the prequential learner's codec its version
 * 1 (version 1) and its versions 2 to 4 (version 2), the active session's codec its version 1
 * (version 2).
 *
 * <pre>{@code
 * byte[] bytes = new PrequentialEvaluatorCodec().encode(evaluator);
 * PrequentialEvaluator restored = new PrequentialEvaluatorCodec().decode(bytes);
 * }</pre>
 */
public final class PrequentialEvaluatorCodec implements ModelCodec<PrequentialEvaluator> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "prequential-evaluator";
    }

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public void write(PrequentialEvaluator e, DataOutput out) throws IOException {
        out.writeInt(e.numClasses());
        out.writeInt(e.windowSize());
        out.writeLong(e.count());
        out.writeLong(e.correct());
        out.writeLong(e.noChangeCorrect());
        out.writeLong(e.majorityCorrect());
        out.writeInt(e.lastSeenClass());
        for (int k = 0; k < e.numClasses(); k++) {
            out.writeLong(e.predictedCount(k));
            out.writeLong(e.actualCount(k));
        }
        // the window in one write: a byte at a time through a DataOutputStream is slow
        int n = e.windowCount();
        byte[] window = new byte[n * 5];
        for (int i = 0, at = 0; i < n; i++, at += 5) {
            int predicted = e.windowPredicted(i);
            int actual = e.windowActual(i);
            window[at] = (byte) (predicted >>> 8);
            window[at + 1] = (byte) predicted;
            window[at + 2] = (byte) (actual >>> 8);
            window[at + 3] = (byte) actual;
            window[at + 4] = (byte) e.windowFlags(i);
        }
        out.write(window);
    }

    @Override
    public PrequentialEvaluator read(int version, DataInput in) throws IOException {
        return version == 1 ? readFirstForm(in) : readCurrent(in);
    }

    private static PrequentialEvaluator readCurrent(DataInput in) throws IOException {
        int numClasses = in.readInt();
        int windowSize = in.readInt();
        long count = in.readLong();
        long correct = in.readLong();
        long noChangeCorrect = in.readLong();
        long majorityCorrect = in.readLong();
        int lastSeenClass = in.readInt();
        long[] predicted = new long[numClasses];
        long[] actual = new long[numClasses];
        readClassCounts(in, predicted, actual);
        PrequentialEvaluator e =
                PrequentialEvaluator.restore(
                        numClasses,
                        windowSize,
                        count,
                        correct,
                        noChangeCorrect,
                        majorityCorrect,
                        lastSeenClass,
                        predicted,
                        actual);
        int n = e.windowCount();
        for (int i = 0; i < n; i++) {
            e.restoreSlot(i, in.readShort(), in.readShort(), in.readByte());
        }
        return e;
    }

    private static PrequentialEvaluator readFirstForm(DataInput in) throws IOException {
        int numClasses = in.readInt();
        int windowSize = in.readInt();
        long count = in.readLong();
        long correct = in.readLong();
        in.readInt(); // the window's hit count, recounted below
        long[] predicted = new long[numClasses];
        long[] actual = new long[numClasses];
        readClassCounts(in, predicted, actual);
        PrequentialEvaluator e =
                PrequentialEvaluator.restore(
                        numClasses, windowSize, count, correct, 0, 0, 0, predicted, actual);
        for (int i = 0; i < windowSize; i++) {
            boolean hit = in.readBoolean();
            if (i < e.windowCount()) {
                e.restoreSlot(i, -1, -1, hit ? PrequentialEvaluator.CORRECT : 0);
            }
        }
        return e;
    }

    private static void readClassCounts(DataInput in, long[] predicted, long[] actual)
            throws IOException {
        for (int k = 0; k < predicted.length; k++) {
            predicted[k] = in.readLong();
            actual[k] = in.readLong();
        }
    }
}
