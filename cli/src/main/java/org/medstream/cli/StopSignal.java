package org.medstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command going until Ctrl-C (SIGINT or SIGTERM, seen through a JVM shutdown
 * hook) or {@link #stop()}. The hook then waits for the command to clean up, up to a limit, so the
 * JVM does not exit while queued work is still being finished. One signal serves one run.
 */
final class StopSignal {
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    /**
     * Installs the shutdown hook.
     *
     * @param name name of the hook's thread, for thread dumps
     * @param cleanupLimit time the hook waits for {@link #finished()}
     */
    void install(String name, Duration cleanupLimit) {
        hook =
                new Thread(
                        () -> {
                            stop();
                            try {
                                finished.await(cleanupLimit.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until Ctrl-C or {@link #stop()}. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** Makes {@link #await()} return; may come before {@link #install}. */
    void stop() {
        stopRequested.countDown();
    }

    /** Records that the command has cleaned up, and removes the hook unless it is running. */
    void finished() {
        finished.countDown();
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }
}
