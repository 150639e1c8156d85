package org.medstream.stream.waves;

import org.medstream.model.waves.WaveAssembler;

/**
 * Keyed state of the wave assembler of one model lead, field by field as in {@link
 * WaveAssembler.State}. A Flink POJO.
 */
public class AssemblerTrack {
    public boolean started;
    public long nextSample;
    public int runKind;
    public long runStart;
    public long runPeak;
    public float runOnsetValue;
    public float runPeakDistance;
    public int heldKind;
    public long heldStart;
    public long heldEnd;
    public long heldPeak;
    public float heldPeakDistance;
    public boolean tWaveSinceQrs;

    /** Creates an empty track, for Flink's POJO serializer. */
    public AssemblerTrack() {}

    static AssemblerTrack of(WaveAssembler.State state) {
        AssemblerTrack track = new AssemblerTrack();
        track.started = state.started();
        track.nextSample = state.nextSample();
        track.runKind = state.runKind();
        track.runStart = state.runStart();
        track.runPeak = state.runPeak();
        track.runOnsetValue = state.runOnsetValue();
        track.runPeakDistance = state.runPeakDistance();
        track.heldKind = state.heldKind();
        track.heldStart = state.heldStart();
        track.heldEnd = state.heldEnd();
        track.heldPeak = state.heldPeak();
        track.heldPeakDistance = state.heldPeakDistance();
        track.tWaveSinceQrs = state.tWaveSinceQrs();
        return track;
    }

    WaveAssembler.State toState() {
        return new WaveAssembler.State(
                started,
                nextSample,
                runKind,
                runStart,
                runPeak,
                runOnsetValue,
                runPeakDistance,
                heldKind,
                heldStart,
                heldEnd,
                heldPeak,
                heldPeakDistance,
                tWaveSinceQrs);
    }
}
