package org.medstream.model.serve.http;

import java.util.List;
import org.medstream.model.serve.inference.WindowResult;

/**
 * Response of {@code POST /v1/models/{name}/infer}, in JSON or in the binary encoding of {@code
 * InferenceResponse.avsc}.
 *
 * @param model name of the model that ran
 * @param results one result per window of the request, in request order
 */
public record InferenceResponse(String model, List<WindowResult> results) {}
