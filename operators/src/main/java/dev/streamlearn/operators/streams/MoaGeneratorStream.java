package dev.streamlearn.operators.streams;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import moa.options.ClassOption;
import moa.streams.InstanceStream;

/** Any MOA instance stream (generators, {@code ConceptDriftStream}, ...) from its CLI string. */
public final class MoaGeneratorStream implements LabelledStream {
    private final InstanceStream stream;
    private final StreamSchema schema;
    private final int classIndex;

    private MoaGeneratorStream(InstanceStream stream) {
        this.stream = stream;
        InstancesHeader header = stream.getHeader();
        this.classIndex = header.classIndex();
        this.schema = toSchema(header);
    }

    /**
     * Opens a MOA stream such as {@code "generators.SEAGenerator -f 2 -i 7"} (class names relative
     * to {@code moa.streams}).
     */
    public static MoaGeneratorStream open(String cli) {
        final InstanceStream stream;
        try {
            stream =
                    (InstanceStream) ClassOption.cliStringToObject(cli, InstanceStream.class, null);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    String.format(
                            "MOA cannot build the stream '%s': %s; give a MOA stream such as"
                                    + " \"generators.SEAGenerator -f 2\"",
                            cli, e.getMessage()),
                    e);
        }
        if (stream instanceof moa.options.OptionHandler handler) {
            handler.prepareForUse();
        }
        return new MoaGeneratorStream(stream);
    }

    static StreamSchema toSchema(InstancesHeader header) {
        List<Attribute> attrs = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < header.numAttributes(); i++) {
            com.yahoo.labs.samoa.instances.Attribute a = header.attribute(i);
            List<String> values = new ArrayList<>();
            if (a.isNominal()) {
                for (int v = 0; v < a.numValues(); v++) {
                    values.add(a.value(v));
                }
            }
            if (i == header.classIndex()) {
                classes = values;
            } else {
                attrs.add(
                        a.isNominal()
                                ? Attribute.nominal(a.name(), values)
                                : Attribute.numeric(a.name()));
            }
        }
        return new StreamSchema(header.getRelationName(), attrs, classes);
    }

    @Override
    public StreamSchema schema() {
        return schema;
    }

    @Override
    public boolean hasNext() {
        return stream.hasMoreInstances();
    }

    @Override
    public Example next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the MOA stream has no more instances");
        }
        Instance inst = stream.nextInstance().getData();
        double[] x = new double[schema.numAttributes()];
        int j = 0;
        for (int i = 0; i < inst.numAttributes(); i++) {
            if (i != classIndex) {
                x[j++] = inst.value(i);
            }
        }
        return new Example(x, (int) inst.classValue());
    }

    @Override
    public void close() {}
}
