package org.medstream.stream.beat;

/** State of {@link SlopeEnergyDetector}; a Flink POJO. */
public class SlopeEnergyState {
    public double samplingFrequencyHz;
    public long samplesSeen;
    public float previous;
    public double[] window;
    public int windowPosition;
    public double windowSum;
    public double learningMax;
    public double peakEnergyEstimate;
    public boolean inRegion;
    public long regionStart;
    public long peakIndex;
    public float peakValue;
    public double regionEnergyMax;
    public long lastBeatIndex;

    public SlopeEnergyState() {}
}
