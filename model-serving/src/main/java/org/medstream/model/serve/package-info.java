/**
 * The model server behind {@code medstream serve}: HTTP inference over windows of samples for the
 * model directories that {@code medstream train} writes, with dynamic batching per model.
 *
 * <ul>
 *   <li>{@code inference}: windows, results, events, the checks every window passes, and the {@code
 *       ServedModel} / {@code WindowPredictor} pair a model family implements;
 *   <li>{@code lmu}: the LMU models (waves, beats, breaths, anomalies), each window run from a zero
 *       state with the same streaming classes as the Flink job;
 *   <li>{@code registry}: loading model directories by the {@code model} field of {@code
 *       model.json}, and the device;
 *   <li>{@code batch}: per-model bounded queues and worker pools;
 *   <li>{@code http}: routes on Jetty's core API, JSON and Avro bodies, errors;
 *   <li>{@code metrics}: Prometheus metrics.
 * </ul>
 *
 * See {@code docs/serving.md} for the API.
 */
package org.medstream.model.serve;
