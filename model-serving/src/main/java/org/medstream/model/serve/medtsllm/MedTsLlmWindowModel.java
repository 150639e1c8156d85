package org.medstream.model.serve.medtsllm;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.WaveResamplingFilters;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.waves.ResampledDelineation;

/**
 * A MedTsLLM wave segmentation model served over windows. DJL models are not thread-safe, so each
 * worker's predictor loads its own copy of the model (backbone and trainable layers) on the device.
 * The copy loaded at start to check the directory goes to the first predictor.
 *
 * <p>A window may have any leads; each runs through the model on its own, as in training. It must
 * be at the model's sampling frequency or a whole number of Hz that the resampler supports, and at
 * least one model window long at the model's rate.
 */
final class MedTsLlmWindowModel implements ServedModel {
    private final Path directory;
    private final Path backboneFile;
    private final Device device;
    private final MedTsLlmMetadata metadata;
    private final ModelInfo info;
    private final AtomicReference<MedTsLlmModel> loaded;
    private final WaveResamplingFilters filters;
    private final long prefixCacheBytes;

    MedTsLlmWindowModel(
            Path directory,
            Path backboneFile,
            Device device,
            MedTsLlmMetadata metadata,
            ModelInfo info,
            MedTsLlmModel first,
            long prefixCacheBytes) {
        this.directory = directory;
        this.backboneFile = backboneFile;
        this.device = device;
        this.metadata = metadata;
        this.info = info;
        this.loaded = new AtomicReference<>(first);
        this.filters = new WaveResamplingFilters(metadata.samplingFrequencyHz(), info.name());
        this.prefixCacheBytes = prefixCacheBytes;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void check(Window window, String field) throws InvalidRequestException {
        ResamplingFilter filter =
                filters.toModel(window.samplingFrequencyHz(), field + ".samplingFrequencyHz");
        int windowSamples = metadata.network().windowLength();
        long modelSamples = ResampledDelineation.modelSamples(filter, window.length());
        if (modelSamples < windowSamples) {
            throw new InvalidRequestException(
                    field + ".samples[0]",
                    window.length() + " samples",
                    "at least "
                            + windowSamples
                            + " samples per lead at "
                            + metadata.samplingFrequencyHz()
                            + " Hz, one window of model "
                            + info.name()
                            + (filter == null
                                    ? ""
                                    : ", after resampling (this window gives "
                                            + modelSamples
                                            + ")"));
        }
        PatientFields.parse(window.patient(), window.streamId(), field + ".patient");
    }

    /**
     * Creates a predictor with its own model copy and runs the warm-up window through it once. A
     * DJL model's first forward pass is slower than later ones, and the server's own warm-up
     * reaches only one worker.
     */
    @Override
    public WindowPredictor newPredictor() throws Exception {
        MedTsLlmModel model = loaded.getAndSet(null);
        if (model == null) {
            model = MedTsLlmModel.load(directory, backboneFile, device);
        }
        model.prefixCaches().maxBytes(prefixCacheBytes);
        int maxForwardWindows =
                device.isGpu()
                        ? MedTsLlmPredictor.MAX_GPU_FORWARD_WINDOWS
                        : MedTsLlmPredictor.MAX_CPU_FORWARD_WINDOWS;
        MedTsLlmPredictor predictor =
                new MedTsLlmPredictor(model, metadata, maxForwardWindows, filters);
        try {
            predictor.predict(List.of(warmupWindow()));
        } catch (Exception | Error e) {
            predictor.close();
            throw e;
        }
        return predictor;
    }

    @Override
    public Window warmupWindow() {
        return new Window(
                "warm-up",
                List.of("ii"),
                metadata.samplingFrequencyHz(),
                new float[1][metadata.network().windowLength()],
                0,
                null);
    }
}
