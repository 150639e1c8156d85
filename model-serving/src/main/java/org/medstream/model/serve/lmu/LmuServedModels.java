package org.medstream.model.serve.lmu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.ludb.LudbTrainingData;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.registry.Device;

/** Loads LMU model directories ({@code "model": "lmu"} in {@code model.json}) for the server. */
public final class LmuServedModels {
    /** Value of {@code model} in {@code model.json} for LMU models. */
    public static final String FAMILY = "lmu";

    private LmuServedModels() {}

    /**
     * Loads the LMU model in {@code directory} under {@code name}.
     *
     * @throws IOException when the directory cannot be read or its task is not served
     * @throws IllegalArgumentException when {@code device} is a GPU: the LMU streaming networks run
     *     in plain Java on the CPU
     */
    public static ServedModel load(Path directory, String name, Device device) throws IOException {
        if (device.isGpu()) {
            throw new IllegalArgumentException(
                    "Device "
                            + device
                            + " is not available for LMU model "
                            + name
                            + ": LMU models run their streaming networks in plain Java on the"
                            + " CPU, and medstream has no GPU path for them; use --device cpu");
        }
        StreamingLmuModel model = StreamingLmuModel.load(directory);
        ModelMetadata metadata = model.metadata();
        ModelInfo info = info(name, metadata, device);
        if (LudbTrainingData.TASK.equals(metadata.task())) {
            return new WaveWindowModel(model, info);
        }
        LeadTask task = LeadTask.of(metadata.task());
        if (task == null || model.network().leads() != 1) {
            throw new IOException(
                    "Cannot serve task '"
                            + metadata.task()
                            + "' with "
                            + model.network().leads()
                            + " leads from "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; served LMU tasks: waves (twelve leads), beats, breaths, anomalies"
                            + " (one lead)");
        }
        return new LeadWindowModel(model, info, task);
    }

    private static ModelInfo info(String name, ModelMetadata metadata, Device device) {
        return new ModelInfo(
                name,
                metadata.model(),
                metadata.task(),
                metadata.medstreamVersion(),
                metadata.classes(),
                metadata.leads(),
                metadata.samplingFrequencyHz(),
                metadata.delaySamples(),
                metadata.delayMillis(),
                metadata.thetaMillis(),
                metadata.network().thetaSamples(),
                metadata.network().order(),
                metadata.parameterCount(),
                device.toString());
    }

    /** Returns a window of zeros of {@code leads}, one second plus Δ long at the model's rate. */
    static Window zeroWindow(ModelMetadata metadata, List<String> leads) {
        int length = (int) Math.round(metadata.samplingFrequencyHz()) + metadata.delaySamples();
        return new Window(
                "warm-up",
                leads,
                metadata.samplingFrequencyHz(),
                new float[leads.size()][length],
                0,
                null);
    }
}
