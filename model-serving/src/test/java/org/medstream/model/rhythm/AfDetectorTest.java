package org.medstream.model.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decisions of the AF detector on beat sequences with known rhythms. */
class AfDetectorTest {
    private static final double FS = 250;

    private final AfDetector detector = AfDetector.defaults();

    /** A beat: its interval before it in milliseconds, and its class. */
    private record Beat(double rrMillis, char beatClass) {}

    private List<AfDecision> run(RrIrregularityState state, List<Beat> beats, long[] clock) {
        List<AfDecision> decisions = new ArrayList<>();
        for (Beat beat : beats) {
            clock[0] += Math.round(beat.rrMillis() * FS / 1000);
            decisions.add(detector.onBeat(state, clock[0], beat.beatClass(), FS));
        }
        return decisions;
    }

    private List<AfDecision> run(List<Beat> beats) {
        return run(detector.createState(), beats, new long[] {0});
    }

    /** Sinus rhythm at 800 ms with a slow breathing modulation of 25 ms. */
    private static List<Beat> sinus(int count) {
        List<Beat> beats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            beats.add(new Beat(800 + 25 * Math.sin(2 * Math.PI * i / 5.0), 'N'));
        }
        return beats;
    }

    /** Atrial fibrillation: intervals drawn uniformly from 400 to 1000 ms. */
    private static List<Beat> fibrillation(int count, long seed) {
        Random random = new Random(seed);
        List<Beat> beats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            beats.add(new Beat(400 + 600 * random.nextDouble(), 'N'));
        }
        return beats;
    }

    private static long atrialFibrillationCount(List<AfDecision> decisions) {
        return decisions.stream().filter(AfDecision::atrialFibrillation).count();
    }

    @Test
    void sinusRhythmIsNotAf() {
        List<AfDecision> decisions = run(sinus(60));

        assertThat(decisions.get(59).evaluated()).isTrue();
        assertThat(atrialFibrillationCount(decisions)).isZero();
    }

    @Test
    void irregularIntervalsAreAf() {
        List<AfDecision> decisions = run(fibrillation(60, 7)).subList(20, 60);

        assertThat(atrialFibrillationCount(decisions)).isEqualTo(40);
        assertThat(decisions.get(39).normalisedRmssd()).isGreaterThan(0.2);
    }

    @Test
    void noDecisionBeforeTwelveIntervals() {
        List<AfDecision> decisions = run(fibrillation(13, 3));

        assertThat(decisions.subList(0, 12)).containsOnly(AfDecision.NOT_EVALUATED);
        assertThat(decisions.get(12).evaluated()).isTrue();
    }

    /**
     * Sinus rhythm in which, with probability 0.3 at each beat, an ectopic beat of class {@code
     * ectopicClass} comes 500 to 640 ms after the last beat and is followed by a compensatory pause
     * that completes 1600 ms.
     */
    private static List<Beat> withEctopicBeats(char ectopicClass, long seed) {
        Random random = new Random(seed);
        List<Beat> beats = new ArrayList<>();
        for (Beat beat : sinus(120)) {
            if (random.nextDouble() < 0.3) {
                double coupling = 500 + 140 * random.nextDouble();
                beats.add(new Beat(coupling, ectopicClass));
                beats.add(new Beat(1600 - coupling, 'N'));
            } else {
                beats.add(beat);
            }
        }
        return beats;
    }

    /**
     * Windows of 16 consecutive intervals of {@code beats}, all kept, with COSEn above the default.
     */
    private long unfilteredWindowsAboveThreshold(List<Beat> beats) {
        double[] rr = beats.stream().mapToDouble(Beat::rrMillis).toArray();
        long above = 0;
        for (int start = 1; start + 16 <= rr.length; start++) {
            if (CoefficientOfSampleEntropy.of(rr, start, 16, 30) > detector.cosenThreshold()) {
                above++;
            }
        }
        return above;
    }

    @Test
    void ventricularBeatsAreLeftOut() {
        List<Beat> beats = withEctopicBeats('V', 5);
        RrIrregularityState state = detector.createState();

        List<AfDecision> decisions = run(state, beats, new long[] {0});

        assertThat(unfilteredWindowsAboveThreshold(beats)).isPositive();
        assertThat(atrialFibrillationCount(decisions)).isZero();
        assertThat(state.skippedIntervals).isGreaterThan(30);
    }

    @Test
    void unlabelledPrematureBeatsAreLeftOut() {
        // Premature atrial beats that the classic detector labels N, found by their timing alone.
        List<Beat> beats = withEctopicBeats('N', 9);
        RrIrregularityState state = detector.createState();

        List<AfDecision> decisions = run(state, beats, new long[] {0});

        assertThat(unfilteredWindowsAboveThreshold(beats)).isPositive();
        assertThat(atrialFibrillationCount(decisions)).isZero();
        assertThat(state.skippedIntervals).isGreaterThan(30);
    }

    @Test
    void copiedStateContinuesIdentically() {
        List<Beat> beats = new ArrayList<>(sinus(30));
        beats.addAll(fibrillation(40, 11));
        beats.addAll(sinus(30));
        RrIrregularityState original = detector.createState();
        long[] clock = {0};
        run(original, beats.subList(0, 45), clock);
        RrIrregularityState copy = original.copy();
        long[] copyClock = {clock[0]};

        List<AfDecision> fromOriginal = run(original, beats.subList(45, 100), clock);
        List<AfDecision> fromCopy = run(copy, beats.subList(45, 100), copyClock);

        assertThat(fromCopy).isEqualTo(fromOriginal);
        assertThat(atrialFibrillationCount(fromOriginal)).isPositive();
        assertThat(fromOriginal.get(54).atrialFibrillation()).isFalse();
    }

    @Test
    void longPauseIsSkipped() {
        RrIrregularityState state = detector.createState();
        long[] clock = {0};
        run(state, sinus(20), clock);
        long accepted = state.acceptedIntervals;

        clock[0] += Math.round(3.0 * FS);
        detector.onBeat(state, clock[0], 'N', FS);

        assertThat(state.acceptedIntervals).isEqualTo(accepted);
        assertThat(state.skippedIntervals).isEqualTo(1);
    }

    @Test
    void invalidWindowRejected() {
        assertThatThrownBy(() -> new AfDetector(16, 20, 30, -1.7, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid AF detector window: windowIntervals=16 minIntervals=20;"
                                + " expected 4 <= minIntervals <= windowIntervals <= 63");
    }
}
