package dev.streamlearn.operators.moa;

import moa.classifiers.core.attributeclassobservers.GaussianNumericAttributeClassObserver;
import moa.options.OptionHandler;

/**
 * MOA's Gaussian numeric observer as a prototype whose copies a {@link SerialCopy} makes (see
 * {@link LeafObserverPrototypes}); written by Java serialization as MOA's observer itself.
 */
final class GaussianObserverPrototype extends GaussianNumericAttributeClassObserver
        implements LeafObserverPrototypes.Prototype {
    private static final long serialVersionUID = 1L;

    private final transient GaussianNumericAttributeClassObserver moa;
    private final transient SerialCopy copies;

    GaussianObserverPrototype(GaussianNumericAttributeClassObserver moa) {
        this.moa = moa;
        this.copies = SerialCopy.of(moa);
    }

    @Override
    public OptionHandler copy() {
        return (OptionHandler) copies.copy();
    }

    @Override
    public Object moa() {
        return moa;
    }

    /** Written as MOA's own observer, so that the tree's bytes are those MOA writes. */
    private Object writeReplace() {
        return moa;
    }
}
