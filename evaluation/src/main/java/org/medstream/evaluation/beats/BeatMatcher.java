package org.medstream.evaluation.beats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One-to-one matching of test beats to reference beats for one record, in the manner of WFDB's
 * {@code bxb}: a pair matches when the beats are at most the match window apart and neither beat
 * has a closer partner among its neighbours; beats inside reference ventricular flutter or
 * fibrillation episodes ({@code [} to {@code ]}) are left out; only beats inside the scoring
 * interval are counted (a match by its reference beat, a false positive by its test beat).
 */
final class BeatMatcher {
    private BeatMatcher() {}

    static RecordScore score(RecordScoreInput input, Ec57Options options) {
        double fs = input.samplingFrequencyHz();
        long window = Math.round(options.matchWindowSeconds() * fs);
        long from = Math.round(options.fromSeconds() * fs);
        long to =
                Double.isInfinite(options.toSeconds())
                        ? Long.MAX_VALUE
                        : Math.round(options.toSeconds() * fs);
        if (input.lengthSamples() >= 0) {
            to = Math.min(to, input.lengthSamples());
        }

        List<long[]> excluded = vfEpisodes(input.reference());
        List<BeatAnnotation> reference = beats(input.reference(), excluded);
        List<BeatAnnotation> test = beats(input.test(), excluded);

        long[][] confusion = new long[RecordScore.NONE + 1][RecordScore.NONE + 1];
        double errorSumMillis = 0;
        int i = 0;
        int j = 0;
        while (i < reference.size() || j < test.size()) {
            if (j == test.size()) {
                count(confusion, reference.get(i), null, from, to);
                i++;
            } else if (i == reference.size()) {
                count(confusion, null, test.get(j), from, to);
                j++;
            } else {
                long r = reference.get(i).sample();
                long t = test.get(j).sample();
                if (t < r - window) {
                    count(confusion, null, test.get(j), from, to);
                    j++;
                } else if (r < t - window) {
                    count(confusion, reference.get(i), null, from, to);
                    i++;
                } else if (j + 1 < test.size()
                        && Math.abs(test.get(j + 1).sample() - r) < Math.abs(t - r)) {
                    // The next test beat is closer to this reference beat: this one is extra.
                    count(confusion, null, test.get(j), from, to);
                    j++;
                } else if (i + 1 < reference.size()
                        && Math.abs(reference.get(i + 1).sample() - t) < Math.abs(r - t)) {
                    // This test beat belongs to the next reference beat: this one was missed.
                    count(confusion, reference.get(i), null, from, to);
                    i++;
                } else {
                    if (count(confusion, reference.get(i), test.get(j), from, to)) {
                        errorSumMillis += Math.abs(t - r) * 1000.0 / fs;
                    }
                    i++;
                    j++;
                }
            }
        }

        boolean classified = false;
        for (BeatAnnotation beat : test) {
            classified |= AamiClass.ofLabel(beat.label()) != AamiClass.Q;
        }
        return new RecordScore(input.record(), confusion, classified, errorSumMillis);
    }

    /** Counts a pair, a missed beat or an extra beat; returns whether it lies in the interval. */
    private static boolean count(
            long[][] confusion, BeatAnnotation reference, BeatAnnotation test, long from, long to) {
        long sample = reference != null ? reference.sample() : test.sample();
        if (sample < from || sample >= to) {
            return false;
        }
        int row =
                reference == null
                        ? RecordScore.NONE
                        : AamiClass.ofLabel(reference.label()).ordinal();
        int column = test == null ? RecordScore.NONE : AamiClass.ofLabel(test.label()).ordinal();
        confusion[row][column]++;
        return true;
    }

    /** Sorted beats outside the excluded intervals. */
    private static List<BeatAnnotation> beats(
            List<BeatAnnotation> annotations, List<long[]> excluded) {
        List<BeatAnnotation> beats = new ArrayList<>();
        for (BeatAnnotation annotation : annotations) {
            if (annotation.isBeat() && !inside(annotation.sample(), excluded)) {
                beats.add(annotation);
            }
        }
        beats.sort(Comparator.comparingLong(BeatAnnotation::sample));
        return beats;
    }

    /** Intervals [onset, offset] of ventricular flutter or fibrillation in the reference. */
    private static List<long[]> vfEpisodes(List<BeatAnnotation> reference) {
        List<BeatAnnotation> sorted = new ArrayList<>(reference);
        sorted.sort(Comparator.comparingLong(BeatAnnotation::sample));
        List<long[]> episodes = new ArrayList<>();
        long onset = -1;
        for (BeatAnnotation annotation : sorted) {
            if (annotation.label() == BeatAnnotation.VF_ONSET && onset < 0) {
                onset = annotation.sample();
            } else if (annotation.label() == BeatAnnotation.VF_OFFSET && onset >= 0) {
                episodes.add(new long[] {onset, annotation.sample()});
                onset = -1;
            }
        }
        if (onset >= 0) {
            episodes.add(new long[] {onset, Long.MAX_VALUE});
        }
        return episodes;
    }

    private static boolean inside(long sample, List<long[]> intervals) {
        for (long[] interval : intervals) {
            if (sample >= interval[0] && sample <= interval[1]) {
                return true;
            }
        }
        return false;
    }
}
