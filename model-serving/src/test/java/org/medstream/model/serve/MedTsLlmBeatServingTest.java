package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.BoundaryStream;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.BoundaryProgress;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryTrainer;
import org.medstream.model.medtsllm.train.BoundaryTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.medtsllm.MedTsLlmServedModels;
import org.medstream.model.serve.registry.Device;

/**
 * A MedTsLLM beats model served over windows: trained here for two epochs of 32 windows of MIT-BIH
 * record 100, with the backbone given as a file, and run on record 103, which it did not see.
 */
class MedTsLlmBeatServingTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir static Path directory;

    private static ServedModel served;
    private static Path model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        model = directory.resolve("medtsllm-beats");
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BEATS,
                        DATA.resolve("mitdb"),
                        model,
                        Stories260K.GGUF,
                        List.of(100),
                        List.of(103),
                        null,
                        MedTsLlmConfig.defaults(256, 1).withPrototypes(64),
                        null,
                        PromptParts.parse("task"),
                        32,
                        2,
                        1,
                        0,
                        8,
                        true,
                        3e-3f,
                        0.5,
                        null,
                        "test",
                        "test");
        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        served =
                MedTsLlmServedModels.load(
                        model, "medtsllm-beats", Device.CPU, List.of(Stories260K.GGUF), 1 << 20);
    }

    @Test
    void infoNamesTaskLeadAndDelay() throws IOException {
        assertThat(served.info().task()).isEqualTo("beats");
        assertThat(served.info().leads()).containsExactly("MLII");
        try (MedTsLlmBoundaryModel boundaries =
                MedTsLlmBoundaryModel.load(model, Stories260K.GGUF, null)) {
            assertThat(served.info().delayMillis()).isEqualTo(boundaries.delayMillis());
        }
    }

    /**
     * The server's beats are those of a boundary stream run over the window's MLII alone, at the
     * window's 360 Hz, each of class Q.
     */
    @Test
    void beatsEqualBoundaryStream() throws Exception {
        Recording recording = RecordingFiles.open(DATA.resolve("mitdb").resolve("103"));
        int samples = 20 * 360;
        List<String> names = new ArrayList<>();
        float[][] channels = new float[recording.channels().size()][samples];
        double[][] mlii = new double[1][samples];
        for (int c = 0; c < channels.length; c++) {
            names.add(recording.channels().get(c).name());
            double[] physical = recording.physical(c);
            for (int t = 0; t < samples; t++) {
                channels[c][t] = (float) physical[t];
                if (names.get(c).equals("MLII")) {
                    mlii[0][t] = channels[c][t];
                }
            }
        }
        Window window = new Window("bed-1", names, 360, channels, 0, null);
        served.check(window, "windows[0]");

        List<Event> events;
        try (WindowPredictor predictor = served.newPredictor()) {
            events = predictor.predict(List.of(window)).get(0).events();
        }
        List<Long> expected = new ArrayList<>();
        try (MedTsLlmBoundaryModel boundaries =
                MedTsLlmBoundaryModel.load(model, Stories260K.GGUF, null)) {
            BoundaryStream stream =
                    new BoundaryStream(
                            boundaries,
                            ResamplingFilter.design(360, 125),
                            BoundaryStream.newState(0));
            stream.feed(mlii, samples, (modelSample, index) -> expected.add(index));
            stream.finish((modelSample, index) -> expected.add(index));
        }

        assertThat(expected).isNotEmpty();
        assertThat(events).extracting(Event::sample).isEqualTo(expected);
        assertThat(events).extracting(Event::kind).containsOnly(Event.BEAT);
        assertThat(events).extracting(Event::lead).containsOnly("MLII");
        assertThat(events).extracting(Event::label).containsOnly("Q");
    }
}
