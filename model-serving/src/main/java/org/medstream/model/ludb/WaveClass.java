package org.medstream.model.ludb;

/**
 * Per-sample class of the {@code waves} task: the sample lies inside no wave, a P wave, a QRS
 * complex or a T wave. The ordinal is the class index that the network outputs.
 */
public enum WaveClass {
    NONE,
    P,
    QRS,
    T;

    /** Number of classes, the width of the network's output. */
    public static final int COUNT = values().length;
}
