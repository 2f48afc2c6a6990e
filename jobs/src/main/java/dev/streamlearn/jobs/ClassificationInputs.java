package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.InstanceParser;
import dev.streamlearn.connectors.json.LabelParser;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The inputs of the classification jobs: instances and, where a job reads them, labels. */
final class ClassificationInputs {
    private ClassificationInputs() {}

    /**
     * A pipeline whose inputs are the instances and, when {@code rawLabels} is not null, the
     * labels, both parsed against {@code schemas} and merged as {@link InstanceOrLabel}.
     */
    static KeyedModelPipeline<InstanceOrLabel> pipeline(
            DataStream<RawRecord> raw,
            DataStream<RawRecord> rawLabels,
            SchemaCatalog schemas,
            JobSettings settings,
            String uidPrefix) {
        TypeInformation<InstanceOrLabel> type = TypeInformation.of(InstanceOrLabel.class);
        KeyedModelPipeline<InstanceOrLabel> pipeline =
                KeyedModelPipeline.<InstanceOrLabel>withUidPrefix(
                                uidPrefix, settings.maxRecordBytes())
                        .input(
                                raw,
                                new InstanceParser(schemas),
                                Instance.class,
                                "instances",
                                InstanceOrLabel::of,
                                type);
        if (rawLabels != null) {
            pipeline.input(
                    rawLabels,
                    new LabelParser(schemas),
                    Label.class,
                    "labels",
                    InstanceOrLabel::of,
                    type);
        }
        return pipeline;
    }
}
