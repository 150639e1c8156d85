/**
 * ANSI/AAMI EC57 beat-by-beat scoring in the manner of WFDB's {@code bxb}.
 *
 * <p>Build one {@link org.medstream.evaluation.beats.RecordScoreInput} per record from reference
 * and test {@link org.medstream.evaluation.beats.BeatAnnotation} lists (for WFDB files, {@link
 * org.medstream.evaluation.beats.WfdbBeatAnnotations#read}), pass them to {@link
 * org.medstream.evaluation.beats.Ec57Evaluator#evaluate}, and print the resulting {@link
 * org.medstream.evaluation.beats.Ec57Result} with {@code toTable()} or {@code toJson()}.
 */
package org.medstream.evaluation.beats;
