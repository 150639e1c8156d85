package org.medstream.model.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.inference.WindowResult;

/**
 * A model whose workers wait at a gate that the test opens, and that records the size of every
 * batch. Each window's result carries one beat at the window's last sample, so a caller can tell
 * its own result. The warm-up window passes the gate only when the test lets the warm-up through.
 */
final class GatedModel implements ServedModel {
    static final String NAME = "gated";

    /** Stream id whose windows make the predictor throw. */
    static final String FAILING_STREAM = "failing";

    private final Semaphore gate = new Semaphore(0);
    private final CountDownLatch warmupGate;
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final CountDownLatch firstBatchStarted = new CountDownLatch(1);

    /**
     * Creates the model.
     *
     * @param gateWarmup whether the warm-up waits for {@link #releaseWarmup()}
     */
    GatedModel(boolean gateWarmup) {
        this.warmupGate = new CountDownLatch(gateWarmup ? 1 : 0);
    }

    /** Lets {@code batches} more batches run. */
    void open(int batches) {
        gate.release(batches);
    }

    /** Lets every later batch run. */
    void openForever() {
        gate.release(1_000_000);
    }

    void releaseWarmup() {
        warmupGate.countDown();
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(
                NAME,
                "test",
                "beats",
                "test",
                List.of("none", "N"),
                List.of("x"),
                100,
                0,
                0,
                0,
                0,
                0,
                0,
                "cpu");
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {}

    @Override
    public WindowPredictor newPredictor() {
        return windows -> {
            boolean warmup = windows.size() == 1 && windows.get(0).streamId().equals("warm-up");
            if (warmup) {
                warmupGate.await();
            } else {
                firstBatchStarted.countDown();
                if (!gate.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate not opened within 60 s");
                }
                batchSizes.add(windows.size());
            }
            for (Window window : windows) {
                if (window.streamId().equals(FAILING_STREAM)) {
                    throw new IllegalStateException("failure for stream " + FAILING_STREAM);
                }
            }
            List<WindowResult> results = new ArrayList<>();
            for (Window window : windows) {
                long last = window.length() - 1;
                results.add(
                        new WindowResult(
                                window.streamId(),
                                window.length(),
                                0,
                                List.of(),
                                List.of(Event.point(Event.BEAT, "x", "N", last))));
            }
            return results;
        };
    }

    @Override
    public Window warmupWindow() {
        return new Window("warm-up", List.of("x"), 100, new float[][] {{0f}}, 0, null);
    }
}
