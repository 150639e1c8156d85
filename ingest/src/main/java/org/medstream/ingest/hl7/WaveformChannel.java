package org.medstream.ingest.hl7;

/**
 * The samples of one channel from one waveform OBX.
 *
 * @param streamId stream the channel belongs to
 * @param name channel label from OBX-3
 * @param unit chunk unit, see {@link WaveformUnits}
 * @param samplingFrequencyHz rate from the channel's rate attribute OBX
 * @param startMicros UTC time of the first sample, from OBX-14 or OBR-7
 * @param endMicros UTC end of the observation from OBR-8, or -1 when absent
 * @param samples samples in physical units, NaN where missing
 * @param location the OBX segment, for error messages
 */
record WaveformChannel(
        String streamId,
        String name,
        String unit,
        double samplingFrequencyHz,
        long startMicros,
        long endMicros,
        float[] samples,
        FieldLocation location) {}
