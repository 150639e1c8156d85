/**
 * Rhythm analysis on the beat stream, in plain Java so that the Flink alarm rules and the model
 * server can share it: {@code AfDetector} calls atrial fibrillation from the irregularity of RR
 * intervals (coefficient of sample entropy and normalised RMSSD over the last 16 intervals, with
 * ectopic beats left out), keeping its per-stream state in a {@code RrIrregularityState} of fixed
 * size that Flink stores as a POJO.
 */
package org.medstream.model.rhythm;
