package org.medstream.ingest.wfdb;

import org.medstream.ingest.recording.Recording;

/**
 * Frame-rate values of a signal with several samples per frame, computed like the WFDB library's
 * {@code meansamp}: the mean of the frame's samples rounded to the nearest integer with halves
 * rounded up, and invalid when any sample of the frame is invalid.
 */
final class FrameMean {
    private FrameMean() {}

    static int[] of(int[] samples, int samplesPerFrame) {
        if (samplesPerFrame == 1) {
            return samples;
        }
        int frames = samples.length / samplesPerFrame;
        int[] means = new int[frames];
        for (int t = 0; t < frames; t++) {
            means[t] = mean(samples, t * samplesPerFrame, samplesPerFrame);
        }
        return means;
    }

    static int mean(int[] samples, int from, int count) {
        long sum = count / 2;
        for (int i = from; i < from + count; i++) {
            if (samples[i] == Recording.INVALID_SAMPLE) {
                return Recording.INVALID_SAMPLE;
            }
            sum += samples[i];
        }
        return (int) Math.floorDiv(sum, count);
    }
}
