package dev.streamlearn.operators.moa;

import com.yahoo.labs.samoa.instances.Attribute;
import com.yahoo.labs.samoa.instances.DenseInstance;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.Instances;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.util.ArrayList;
import java.util.List;

/** Converts between Streamlearn's stream schemas and instances and MOA's. */
public final class MoaSchemas {
    private MoaSchemas() {}

    /** A MOA header with the schema's attributes followed by the class attribute. */
    public static InstancesHeader header(StreamSchema schema) {
        List<Attribute> attrs = new ArrayList<>();
        for (var a : schema.attributes()) {
            attrs.add(
                    a.isNumeric() ? new Attribute(a.name()) : new Attribute(a.name(), a.values()));
        }
        attrs.add(new Attribute("class", schema.classValues()));
        Instances data = new Instances(schema.name(), attrs, 0);
        data.setClassIndex(attrs.size() - 1);
        return new InstancesHeader(data);
    }

    /** A MOA instance of {@code header}; {@code y < 0} leaves the class missing. */
    public static Instance instance(InstancesHeader header, double[] x, int y) {
        double[] values = new double[x.length + 1];
        System.arraycopy(x, 0, values, 0, x.length);
        values[x.length] = y < 0 ? Double.NaN : y;
        Instance inst = new DenseInstance(1.0, values);
        inst.setDataset(header);
        return inst;
    }
}
