/**
 * Streaming ECG wave delineation: {@link org.medstream.stream.waves.WaveDelineationFunction} runs a
 * trained streaming wave model (the LMU network, in plain Java from its exported weights) over
 * every ECG lead of each stream, resampled to the model's rate, with its state in Flink keyed
 * state, and emits {@link org.medstream.schemas.WaveSegment}s in the stream's own sample indices.
 */
package org.medstream.stream.waves;
