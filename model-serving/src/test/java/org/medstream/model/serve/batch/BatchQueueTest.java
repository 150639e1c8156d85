package org.medstream.model.serve.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.inference.Window;

class BatchQueueTest {
    private static final long NO_WAIT = 0;

    @Test
    void batchStopsBeforeMaxWindows() throws InterruptedException {
        BatchQueue queue = new BatchQueue(10);
        queue.offer(request(2));
        queue.offer(request(2));
        queue.offer(request(2));

        assertThat(sizes(queue.takeBatch(5, NO_WAIT))).containsExactly(2, 2);
        assertThat(sizes(queue.takeBatch(5, NO_WAIT))).containsExactly(2);
    }

    @Test
    void largeRequestRunsAlone() throws InterruptedException {
        BatchQueue queue = new BatchQueue(10);
        queue.offer(request(9));
        queue.offer(request(1));

        assertThat(sizes(queue.takeBatch(4, NO_WAIT))).containsExactly(9);
    }

    @Test
    void fullQueueRejects() {
        BatchQueue queue = new BatchQueue(2);

        assertThat(queue.offer(request(1))).isTrue();
        assertThat(queue.offer(request(1))).isTrue();
        assertThat(queue.offer(request(1))).isFalse();
    }

    @Test
    void batchWaitsForLaterRequest() throws Exception {
        BatchQueue queue = new BatchQueue(10);
        queue.offer(request(1));
        CompletableFuture.runAsync(
                () -> {
                    sleep(50);
                    queue.offer(request(1));
                });

        List<PendingRequest> batch = queue.takeBatch(2, TimeUnit.SECONDS.toNanos(10));

        assertThat(sizes(batch)).containsExactly(1, 1);
    }

    @Test
    void closedQueueDrainsThenEnds() throws InterruptedException {
        BatchQueue queue = new BatchQueue(10);
        queue.offer(request(1));
        queue.close();

        assertThat(queue.offer(request(1))).isFalse();
        assertThat(sizes(queue.takeBatch(4, TimeUnit.SECONDS.toNanos(10)))).containsExactly(1);
        assertThat(queue.takeBatch(4, TimeUnit.SECONDS.toNanos(10))).isEmpty();
    }

    private static PendingRequest request(int windows) {
        List<Window> list = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            list.add(new Window("s", List.of("ii"), 500, new float[][] {{0f}}, 0, null));
        }
        return new PendingRequest(list, new CompletableFuture<>(), System.nanoTime());
    }

    private static List<Integer> sizes(List<PendingRequest> batch) {
        List<Integer> sizes = new ArrayList<>();
        for (PendingRequest request : batch) {
            sizes.add(request.windows().size());
        }
        return sizes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
