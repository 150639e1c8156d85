package org.medstream.model.lmu.streaming;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread throughput of the shipped waves model's streaming kernel ({@link
 * StreamingLmuNetwork#step}): each operation is one frame (a sample of each of the twelve leads) of
 * LUDB record 1 (10 s at 500 Hz), stepped through one stream state that carries over between
 * invocations, as a long stream would. Lead samples per second are twelve times the score.
 *
 * <p>Run from the repository root with {@code bench/jmh lmu}; the system properties {@code
 * medstream.model.dir} and {@code medstream.data.dir} default to {@code models/lmu-waves} and
 * {@code data}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamingLmuNetworkBenchmark {
    /** 10 s at 500 Hz. */
    private static final int SAMPLES = 5000;

    private StreamingLmuNetwork network;
    private StreamState state;
    private float[][] frames;
    private float[] logits;

    @Setup
    public void load() throws IOException {
        Path model = Path.of(System.getProperty("medstream.model.dir", "models/lmu-waves"));
        Path data = Path.of(System.getProperty("medstream.data.dir", "data"), "ludb");
        network = StreamingLmuModel.load(model).network();
        LudbRecord record = new LudbReader(data).readAll(List.of(1)).get(0);
        frames = new float[SAMPLES][record.leads().size()];
        for (int lead = 0; lead < record.leads().size(); lead++) {
            float[] signal = record.signals().get(lead);
            for (int t = 0; t < SAMPLES; t++) {
                frames[t][lead] = signal[t];
            }
        }
        state = network.newState();
        logits = new float[network.outputs()];
        System.out.printf(
                "%nModel %s: %d multiply-adds per frame (%d floating-point operations)%n",
                model, network.multiplyAddsPerStep(), 2 * network.multiplyAddsPerStep());
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void step(Blackhole blackhole) {
        for (int t = 0; t < SAMPLES; t++) {
            network.step(state, frames[t], logits);
        }
        blackhole.consume(logits);
    }
}
