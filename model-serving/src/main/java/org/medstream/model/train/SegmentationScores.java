package org.medstream.model.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample-wise scores of a per-sample segmentation against reference labels.
 *
 * @param samples samples scored
 * @param accuracy fraction of scored samples whose predicted class equals the reference
 * @param macroF1 unweighted mean of the per-class F1 over all classes, {@code none} included
 * @param f1ByClass F1 of each class, by class name
 */
public record SegmentationScores(
        long samples, double accuracy, double macroF1, Map<String, Double> f1ByClass) {

    public SegmentationScores {
        f1ByClass = Collections.unmodifiableMap(new LinkedHashMap<>(f1ByClass));
    }
}
