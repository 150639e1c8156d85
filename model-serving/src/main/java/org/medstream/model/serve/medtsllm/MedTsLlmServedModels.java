package org.medstream.model.serve.medtsllm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.serve.inference.ModelInfo;
import org.medstream.model.serve.inference.ServedModel;

/**
 * Loads MedTsLLM model directories ({@code "model": "medtsllm"} in {@code model.json}) for the
 * server. The directory contains only the trainable weights; the frozen backbone is found by the
 * file name recorded in {@code model.json}, and loading checks its SHA-256.
 */
public final class MedTsLlmServedModels {
    /** Value of {@code model} in {@code model.json} for MedTsLLM models. */
    public static final String FAMILY = MedTsLlmMetadata.MODEL;

    /** The task served with per-sample wave classes and wave events. */
    static final String TASK = "waves";

    /** The task served with beat events. */
    static final String BEATS = "beats";

    /** The task served with breath onset events. */
    static final String BREATHS = "breaths";

    /** The task served with anomalous span events. */
    static final String ANOMALIES = "anomalies";

    private MedTsLlmServedModels() {}

    /**
     * Loads the MedTsLLM model in {@code directory} under {@code name}.
     *
     * @param backboneFiles backbone files given by the user; the one with the recorded file name is
     *     used, else the file of that name in the model directory or in a sibling directory of it
     *     (such as {@code models/stories260K/} for {@code models/medtsllm-waves/})
     * @param prefixCacheBytes bytes of computed prompt prefixes each worker keeps between batches
     * @throws IOException when the metadata, weights or backbone cannot be read, the backbone's
     *     SHA-256 differs from the recorded one, or the task is not served
     * @throws IllegalArgumentException when {@code device} is a GPU that DJL's engine does not see
     */
    public static ServedModel load(
            Path directory,
            String name,
            org.medstream.model.serve.registry.Device device,
            List<Path> backboneFiles,
            long prefixCacheBytes)
            throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        if (BEATS.equals(metadata.task())
                || BREATHS.equals(metadata.task())
                || ANOMALIES.equals(metadata.task())) {
            Device djlDevice = djlDevice(device, name);
            Path backbone = findBackbone(directory, metadata, backboneFiles);
            StreamingModel first =
                    MedTsLlmEventWindowModel.loadModel(
                            directory, backbone, djlDevice, metadata.task());
            if (BEATS.equals(metadata.task())
                    && first instanceof MedTsLlmBoundaryModel boundaries
                    && boundaries.channels().size() > 1) {
                first.close();
                throw new IOException(
                        "Cannot serve the MedTsLLM beats model in "
                                + directory
                                + ": it reads "
                                + boundaries.channels()
                                + "; served beats models read one lead");
            }
            List<String> leads =
                    first instanceof MedTsLlmBoundaryModel boundaries
                            ? boundaries.channels()
                            : List.of(MitBihSequences.LEAD);
            return new MedTsLlmEventWindowModel(
                    directory,
                    backbone,
                    djlDevice,
                    metadata,
                    info(
                            name,
                            metadata,
                            device,
                            leads,
                            metadata.network().windowLength() / 2,
                            first instanceof MedTsLlmBoundaryModel boundaries
                                    ? boundaries.delayMillis()
                                    : null),
                    first,
                    prefixCacheBytes);
        }
        if (!TASK.equals(metadata.task()) || !WaveClass.names().equals(metadata.classes())) {
            throw new IOException(
                    "Cannot serve MedTsLLM task '"
                            + metadata.task()
                            + "' with classes "
                            + metadata.classes()
                            + " from "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; served: task waves with classes "
                            + WaveClass.names()
                            + ", beats, breaths and anomalies");
        }
        int step = metadata.trainingStepSamples();
        if (step < 1 || step > metadata.network().windowLength()) {
            throw new IOException(
                    "Invalid trainingStepSamples "
                            + step
                            + " in "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; expected 1 to the window's "
                            + metadata.network().windowLength()
                            + " samples");
        }
        Device djlDevice = djlDevice(device, name);
        Path backbone = findBackbone(directory, metadata, backboneFiles);
        MedTsLlmModel first = MedTsLlmModel.load(directory, backbone, djlDevice);
        return new MedTsLlmWindowModel(
                directory,
                backbone,
                djlDevice,
                metadata,
                info(name, metadata, device, null, metadata.trainingStepSamples(), null),
                first,
                prefixCacheBytes);
    }

    /**
     * Returns DJL's device for {@code device}.
     *
     * @throws IllegalArgumentException when it is a GPU that the default engine does not see
     */
    static Device djlDevice(org.medstream.model.serve.registry.Device device, String name) {
        if (!device.isGpu()) {
            return Device.cpu();
        }
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        if (device.index() >= gpus) {
            throw new IllegalArgumentException(
                    "Device "
                            + device
                            + " is not available for MedTsLLM model "
                            + name
                            + ": DJL's "
                            + engine.getEngineName()
                            + " engine sees "
                            + gpus
                            + " CUDA GPU(s). A GPU needs an NVIDIA driver and the CUDA build of"
                            + " the PyTorch native library (a CPU-only build sees none); use"
                            + " --device cpu or a GPU index below "
                            + gpus);
        }
        return Device.gpu(device.index());
    }

    /**
     * Finds the backbone file that {@code metadata} names: among {@code backboneFiles} first, then
     * where {@link MedTsLlmModel#locateBackbone} looks.
     */
    static Path findBackbone(Path directory, MedTsLlmMetadata metadata, List<Path> backboneFiles)
            throws IOException {
        String fileName = metadata.backboneFile();
        for (Path file : backboneFiles) {
            if (file.getFileName() != null && file.getFileName().toString().equals(fileName)) {
                if (Files.isRegularFile(file)) {
                    return file;
                }
                throw new NoSuchFileException(
                        file.toString(), null, "backbone file given with --backbone not found");
            }
        }
        try {
            return MedTsLlmModel.locateBackbone(directory, metadata);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    e.getFile(), null, e.getReason() + ", or give it with --backbone FILE");
        }
    }

    /**
     * Returns the model's description.
     *
     * @param leads channels a window must have, null for any
     * @param stepSamples step between the model windows run over a request window
     * @param delayMillis delay of the events behind the samples, for beats and breaths models; null
     *     for others
     */
    private static ModelInfo info(
            String name,
            MedTsLlmMetadata metadata,
            org.medstream.model.serve.registry.Device device,
            List<String> leads,
            int stepSamples,
            Double delayMillis) {
        return new ModelInfo(
                name,
                metadata.model(),
                metadata.task(),
                metadata.medstreamVersion(),
                metadata.classes(),
                leads,
                metadata.samplingFrequencyHz(),
                delayMillis == null
                        ? null
                        : (int) Math.round(delayMillis * metadata.samplingFrequencyHz() / 1000),
                delayMillis,
                null,
                null,
                null,
                metadata.parameterCount(),
                device.toString(),
                metadata.backboneFile(),
                metadata.backboneSha256(),
                metadata.promptParts(),
                metadata.network().windowLength(),
                stepSamples);
    }
}
