package org.medstream.model.serve.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;

/**
 * One request's windows waiting in a model's queue, and the future that receives their results. The
 * windows of a request stay together in one batch.
 *
 * @param windows the request's windows, checked already
 * @param result completed with one result per window, or with the model's error
 * @param enqueuedNanos {@link System#nanoTime()} when the request was queued
 */
record PendingRequest(
        List<Window> windows, CompletableFuture<List<WindowResult>> result, long enqueuedNanos) {}
