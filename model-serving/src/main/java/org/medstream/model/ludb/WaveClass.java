package org.medstream.model.ludb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.evaluation.waves.WaveKind;

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

    /** Returns the class of samples inside a wave of {@code kind}. */
    public static WaveClass of(WaveKind kind) {
        return switch (kind) {
            case P -> P;
            case QRS -> QRS;
            case T -> T;
        };
    }

    /** Returns the class names in lower case ({@code none}, {@code p}, …), in ordinal order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (WaveClass waveClass : values()) {
            names.add(waveClass.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
