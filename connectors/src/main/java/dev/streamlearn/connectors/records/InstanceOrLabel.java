package dev.streamlearn.connectors.records;

/**
 * One input of a learner that takes instances and delayed labels on one keyed stream: exactly one
 * of the two is set. Flink serialises it as a POJO (null fields are allowed there).
 *
 * @param instance an instance, or null
 * @param label a label of an earlier instance, or null
 */
public record InstanceOrLabel(Instance instance, Label label) {

    public InstanceOrLabel {
        if ((instance == null) == (label == null)) {
            throw new IllegalArgumentException("set exactly one of instance and label");
        }
    }

    public static InstanceOrLabel of(Instance instance) {
        return new InstanceOrLabel(instance, null);
    }

    public static InstanceOrLabel of(Label label) {
        return new InstanceOrLabel(null, label);
    }

    /** The stream key of either. */
    public String stream() {
        return instance != null ? instance.stream() : label.stream();
    }
}
