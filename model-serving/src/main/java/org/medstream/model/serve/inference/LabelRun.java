package org.medstream.model.serve.inference;

/**
 * A run of samples of one lead that the model labels with the same most likely class. Runs are the
 * per-sample output of a window, run-length encoded so that the response grows with the number of
 * label changes and not with the number of samples.
 *
 * @param lead lead name as the request gave it
 * @param label class name from the model's {@code classes}
 * @param start first sample of the run, in the window's sample indices
 * @param end sample after the last sample of the run
 */
public record LabelRun(String lead, String label, long start, long end) {}
