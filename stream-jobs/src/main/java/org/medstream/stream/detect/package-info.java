/**
 * Streaming QRS detection for one ECG lead.
 *
 * <p>{@link org.medstream.stream.detect.BeatDetector} is the contract that keyed Flink operators
 * call; {@link org.medstream.stream.detect.PanTompkinsDetector} implements it with all changing
 * state in the Flink POJO {@link org.medstream.stream.detect.QrsDetectorState}. Create one state
 * per stream with {@code createState(samplingFrequencyHz)}, feed samples in mV with {@code
 * process}, and call {@code finish} at the end of a bounded stream.
 */
package org.medstream.stream.detect;
