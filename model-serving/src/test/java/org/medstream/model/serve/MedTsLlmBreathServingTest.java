package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.BoundaryStream;
import org.medstream.model.medtsllm.CovariateMode;
import org.medstream.model.medtsllm.Covariates;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.BoundaryProgress;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryTrainer;
import org.medstream.model.medtsllm.train.BoundaryTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.medtsllm.MedTsLlmServedModels;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.train.TimeSplit;

/**
 * A MedTsLLM breaths model of RESP and PLETH served over windows: trained here for one epoch of 8
 * windows of BIDMC record 01, with the backbone given as a file.
 */
class MedTsLlmBreathServingTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir static Path directory;

    private static ServedModel served;
    private static Path model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        model = directory.resolve("medtsllm-breaths");
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BREATHS,
                        DATA.resolve("bidmc"),
                        model,
                        Stories260K.GGUF,
                        List.of(1),
                        List.of(1),
                        new TimeSplit(0, 30, 270, 300),
                        MedTsLlmConfig.defaults(512, 1)
                                .withPrototypes(64)
                                .withCovariates(new Covariates(CovariateMode.INTERLEAVE, 2)),
                        List.of("RESP", "PLETH"),
                        PromptParts.parse("task"),
                        8,
                        1,
                        1,
                        0,
                        4,
                        true,
                        1e-3f,
                        0.1,
                        null,
                        "test",
                        "test");
        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        served =
                MedTsLlmServedModels.load(
                        model, "medtsllm-breaths", Device.CPU, List.of(Stories260K.GGUF), 1 << 20);
    }

    @Test
    void infoListsChannels() {
        assertThat(served.info().task()).isEqualTo("breaths");
        assertThat(served.info().leads()).containsExactly("RESP", "PLETH");
        assertThat(served.info().stepSamples()).isEqualTo(256);
    }

    @Test
    void windowWithoutCovariateRejected() {
        Window window = new Window("bed-1", List.of("RESP"), 125, new float[1][600], 0, null);

        assertThatThrownBy(() -> served.check(window, "windows[0]"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(
                        "Invalid windows[0].leads [RESP]; expected the channels [RESP, PLETH]"
                                + " that model medtsllm-breaths reads");
    }

    /** The server's breaths are those of a boundary stream run over the window alone. */
    @Test
    void breathsEqualBoundaryStream() throws Exception {
        Recording recording =
                RecordingFiles.open(BidmcTrainingData.signalsFile(DATA.resolve("bidmc"), 1));
        int samples = 40 * 125;
        float[][] channels = new float[2][samples];
        double[][] input = new double[2][samples];
        List<String> names = List.of("PLETH", "resp");
        for (int c = 0; c < 2; c++) {
            double[] physical = recording.physical(index(recording, names.get(c)));
            for (int t = 0; t < samples; t++) {
                channels[c][t] = (float) physical[t];
                input[1 - c][t] = channels[c][t];
            }
        }
        Window window = new Window("bed-1", names, 125, channels, 0, null);
        served.check(window, "windows[0]");

        List<Event> events;
        try (WindowPredictor predictor = served.newPredictor()) {
            events = predictor.predict(List.of(window)).get(0).events();
        }
        List<Long> expected = new ArrayList<>();
        try (MedTsLlmBoundaryModel boundaries =
                MedTsLlmBoundaryModel.load(model, Stories260K.GGUF, null)) {
            BoundaryStream stream =
                    new BoundaryStream(boundaries, null, BoundaryStream.newState(0));
            stream.feed(input, samples, (modelSample, index) -> expected.add(index));
            stream.finish((modelSample, index) -> expected.add(index));
        }

        assertThat(expected).isNotEmpty();
        assertThat(events).extracting(Event::sample).isEqualTo(expected);
        assertThat(events).extracting(Event::kind).containsOnly(Event.BREATH);
        assertThat(events).extracting(Event::lead).containsOnly("resp");
    }

    private static int index(Recording recording, String name) {
        for (int c = 0; c < recording.channels().size(); c++) {
            if (recording.channels().get(c).name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no channel " + name);
    }
}
