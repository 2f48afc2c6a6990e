package dev.streamlearn.operators.moa;

import moa.classifiers.core.attributeclassobservers.NominalAttributeClassObserver;
import moa.options.OptionHandler;

/**
 * MOA's nominal observer as a prototype whose copies a {@link SerialCopy} makes (see {@link
 * LeafObserverPrototypes}); written by Java serialization as MOA's observer itself. {@link
 * GaussianObserverPrototype}'s counterpart: each must extend the MOA class it stands for, so the
 * few lines are written once per class.
 */
final class NominalObserverPrototype extends NominalAttributeClassObserver
        implements LeafObserverPrototypes.Prototype {
    private static final long serialVersionUID = 1L;

    private final transient NominalAttributeClassObserver moa;
    private final transient SerialCopy copies;

    NominalObserverPrototype(NominalAttributeClassObserver moa) {
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
