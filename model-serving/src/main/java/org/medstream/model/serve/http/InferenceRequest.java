package org.medstream.model.serve.http;

import java.util.List;
import org.medstream.model.serve.inference.Window;

/**
 * Body of {@code POST /v1/models/{name}/infer}: a batch of windows, in JSON or in the binary
 * encoding of {@code InferenceRequest.avsc}.
 *
 * @param windows the windows to run, at least one
 */
public record InferenceRequest(List<Window> windows) {}
