package org.medstream.model.lmu.streaming;

import java.util.concurrent.TimeUnit;
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

/**
 * The reference for the kernel's efficiency: float multiply-adds per second on one thread for the
 * loop shape the streaming kernel is made of (out[i] += column[i] · x over a column of 128 floats,
 * all in the L1 cache), compiled by the same JIT. One operation is one multiply-add, two
 * floating-point operations.
 *
 * <p>Run with {@code bench/jmh lmu}, next to {@link StreamingLmuNetworkBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MultiplyAddPeakBenchmark {
    private static final int ROWS = 128;
    private static final int COLUMNS = 32;

    private final float[] columns = new float[ROWS * COLUMNS];
    private final float[] vector = new float[COLUMNS];
    private final float[] out = new float[ROWS];

    @Setup
    public void fill() {
        for (int i = 0; i < columns.length; i++) {
            columns[i] = (float) Math.sin(i) * 1e-3f;
        }
        for (int j = 0; j < COLUMNS; j++) {
            vector[j] = (float) Math.cos(j) * 1e-3f;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS * COLUMNS)
    public float[] columnProducts() {
        for (int j = 0; j < COLUMNS; j++) {
            float coefficient = vector[j];
            int base = j * ROWS;
            for (int i = 0; i < ROWS; i++) {
                out[i] += columns[base + i] * coefficient;
            }
        }
        return out;
    }
}
