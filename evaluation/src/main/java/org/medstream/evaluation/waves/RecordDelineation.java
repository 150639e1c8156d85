package org.medstream.evaluation.waves;

import java.util.Map;
import org.medstream.evaluation.matching.FiducialScore;

/**
 * Delineation scores of one record, over its scored leads.
 *
 * @param record record name
 * @param leads leads of the record with reference annotations
 * @param fiducials counts and errors per fiducial point
 * @param samples sample-by-sample confusion inside the annotated spans
 */
public record RecordDelineation(
        String record,
        int leads,
        Map<Fiducial, FiducialScore> fiducials,
        SampleConfusion samples) {}
