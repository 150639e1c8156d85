package org.medstream.stream.detect;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread throughput of {@link PanTompkinsDetector} in samples per second: each operation is
 * one sample of a 10 min synthetic 360 Hz ECG with added noise, fed in calls of {@code chunkSize}
 * samples to a fresh state.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -o -q -pl stream-jobs -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp stream-jobs/target/test-classes:stream-jobs/target/classes:$(cat stream-jobs/target/test.classpath) \
 *     org.openjdk.jmh.Main PanTompkinsDetectorBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PanTompkinsDetectorBenchmark {
    private static final double SAMPLING_FREQUENCY_HZ = 360.0;

    /** 10 min at 360 Hz. */
    private static final int SAMPLES = 216_000;

    @Param({"1", "90", "3600"})
    public int chunkSize;

    private float[] samples;
    private PanTompkinsDetector detector;

    @Setup
    public void generate() {
        SyntheticEcg ecg = SyntheticEcg.generate(SAMPLING_FREQUENCY_HZ, 600, 0.8, 1.0);
        float[] noise = SyntheticEcg.noise(ecg.samples.length, 0.05, 1);
        samples = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = ecg.samples[i] + noise[i];
        }
        detector = new PanTompkinsDetector();
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void detect(Blackhole blackhole) {
        QrsDetectorState state = detector.createState(SAMPLING_FREQUENCY_HZ);
        BeatListener listener = (sample, beatClass) -> blackhole.consume(sample);
        for (int start = 0; start < SAMPLES; start += chunkSize) {
            detector.process(
                    state, samples, start, Math.min(chunkSize, SAMPLES - start), start, listener);
        }
        detector.finish(state, listener);
    }
}
