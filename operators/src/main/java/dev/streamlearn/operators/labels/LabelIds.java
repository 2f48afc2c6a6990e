package dev.streamlearn.operators.labels;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Instance ids in the labels codecs: length and UTF-8 bytes (writeUTF fails over 64 KB). */
final class LabelIds {
    private LabelIds() {}

    static void write(String id, DataOutput out) throws IOException {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String read(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
