package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.medstream.model.serve.ServeTestSupport.get;
import static org.medstream.model.serve.ServeTestSupport.post;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.model.serve.http.InferenceResponse;
import org.medstream.model.serve.http.JsonCodec;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.LabelRun;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;
import org.medstream.model.waves.ResampledDelineation;
import org.medstream.model.waves.WaveAssembler;
import org.medstream.model.waves.WaveRules;
import org.medstream.schemas.PatientContext;

/**
 * A MedTsLLM model directory (untrained, seeded layers around stories260K) served over HTTP: its
 * labels and waves equal {@link MedTsLlmModel}'s own labelling of the same windows in process.
 */
class MedTsLlmServingTest {
    private static final JsonCodec JSON = new JsonCodec();
    private static final AvroCodec AVRO = new AvroCodec();
    private static final String NAME = "medtsllm-waves";
    private static final int WINDOW = 512;
    private static final Map<String, String> PATIENT_FIELDS =
            Map.of(
                    "age", "51",
                    "sex", "female",
                    "diagnoses", "Sinus rhythm; Left ventricular hypertrophy",
                    "leadPlacement", "standard 12-lead");

    @TempDir static Path temporary;

    private static Path directory;
    private static MedTsLlmModel reference;
    private static ModelServer server;
    private static LudbRecord ludbOne;

    @BeforeAll
    static void startServer() throws Exception {
        directory = temporary.resolve(NAME);
        writeUntrainedModel(directory);
        reference = MedTsLlmModel.load(directory, Stories260K.GGUF);
        ludbOne = new LudbReader(ServeTestSupport.dataDirectory().resolve("ludb")).read(1);

        ModelRegistry registry = new ModelRegistry(List.of(Stories260K.GGUF));
        registry.load(directory, Device.CPU);
        server = ModelServer.start(registry, ServeTestSupport.options(8, 2, 16, 2));
        assertThat(server.awaitReady(Duration.ofSeconds(60))).as("ready").isTrue();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    /** Saves seeded, untrained layers with the default prompt, as 'medstream train' lays out. */
    private static void writeUntrainedModel(Path out) throws Exception {
        Engine.getInstance().setRandomSeed(11);
        MedTsLlmConfig config = MedTsLlmConfig.defaults(WINDOW, WaveClass.COUNT);
        PromptParts parts = PromptParts.parse("dataset,patient,task");
        String dataset = "LUDB, 12-lead ECGs at 500 Hz.";
        String task = "Label every sample as P wave, QRS complex, T wave or none.";
        try (MedTsLlmModel model =
                MedTsLlmModel.create(
                        config,
                        Stories260K.GGUF,
                        new PromptBuilder(parts, dataset, task),
                        "medtsllm-waves")) {
            model.initialize();
            MedTsLlmMetadata metadata =
                    new MedTsLlmMetadata(
                            "waves",
                            MedTsLlmMetadata.MODEL,
                            "test",
                            WaveClass.names(),
                            500,
                            config,
                            256,
                            parts.names(),
                            dataset,
                            task,
                            Stories260K.GGUF.getFileName().toString(),
                            MedTsLlmModel.sha256(Stories260K.GGUF),
                            model.parameterCount(),
                            model.weightsFileName(),
                            List.of(),
                            List.of(),
                            0,
                            "untrained, for tests",
                            11,
                            0,
                            0,
                            "epochs",
                            0,
                            List.of(),
                            null,
                            0,
                            null,
                            null);
            model.save(out, metadata);
        }
    }

    @Test
    void labelsEqualInProcessModel() throws Exception {
        Window window = ludbWindow(0, WINDOW, ludbOne.leads());

        WindowResult result = infer(window);

        List<float[]> leads = Arrays.asList(window.samples());
        List<float[][]> logits = reference.logits(leads, patient(), true);
        for (int lead = 0; lead < leads.size(); lead++) {
            String name = window.leads().get(lead);
            int[] expected = mostLikely(logits.get(lead), 0, WINDOW);
            assertThat(labels(result, name, WINDOW)).as("lead %s", name).isEqualTo(expected);
            assertThat(waves(result, name))
                    .as("waves of lead %s", name)
                    .isEqualTo(assembleWaves(name, expected, leads.get(lead)));
        }
        assertThat(result.labels()).as("runs of an untrained model").hasSizeGreaterThan(12);
    }

    @Test
    void longWindowStitchesCentres() throws Exception {
        // 1200 samples: model windows start at 0, 256, 512 and 688 (the last ends at 1200).
        // Samples up to 384, the midpoint of the first two centres (256, 512), come from the first
        // model window. Samples from 857 on, past the midpoint 856 of the last two centres (768,
        // 944), come from the last.
        Window window = ludbWindow(0, 1200, List.of("ii"));
        float[] samples = window.samples()[0];
        List<float[]> tiles = new ArrayList<>();
        for (int start : new int[] {0, 256, 512, 688}) {
            tiles.add(Arrays.copyOfRange(samples, start, start + WINDOW));
        }

        WindowResult result = infer(window);

        List<float[][]> logits = reference.logits(tiles, patient(), true);
        int[] labels = labels(result, "ii", 1200);
        assertThat(Arrays.copyOfRange(labels, 0, 385)).isEqualTo(mostLikely(logits.get(0), 0, 385));
        assertThat(Arrays.copyOfRange(labels, 385, 640))
                .isEqualTo(mostLikely(logits.get(1), 385 - 256, 640 - 256));
        assertThat(Arrays.copyOfRange(labels, 857, 1200))
                .isEqualTo(mostLikely(logits.get(3), 857 - 688, 1200 - 688));
    }

    @Test
    void avroAndJsonGiveSameResponse() throws Exception {
        InferenceRequest request =
                new InferenceRequest(
                        List.of(
                                ludbWindow(0, 700, List.of("i", "ii")),
                                ludbWindow(1000, WINDOW, ludbOne.leads())));

        HttpResponse<byte[]> json = post(server, path(), JsonCodec.MEDIA_TYPE, JSON.write(request));
        HttpResponse<byte[]> avro =
                post(server, path(), AvroCodec.MEDIA_TYPE, AVRO.writeRequest(request));

        assertThat(json.statusCode()).as(ServeTestSupport.text(json)).isEqualTo(200);
        assertThat(avro.statusCode()).isEqualTo(200);
        InferenceResponse fromJson = JSON.readResponse(json.body());
        assertThat(AVRO.readResponse(avro.body())).isEqualTo(fromJson);
        assertThat(fromJson.results()).hasSize(2);
        assertThat(fromJson.results().get(1).labels()).isNotEmpty();
    }

    @Test
    void patientChangesPrompt() throws Exception {
        Window window = ludbWindow(0, WINDOW, List.of("ii"));
        Window unknownPatient =
                new Window(
                        window.streamId(),
                        window.leads(),
                        window.samplingFrequencyHz(),
                        window.samples(),
                        0,
                        Map.of());

        int[] served = labels(infer(unknownPatient), "ii", WINDOW);

        List<float[][]> logits = reference.logits(List.of(window.samples()[0]), null, true);
        assertThat(served).isEqualTo(mostLikely(logits.get(0), 0, WINDOW));
    }

    @Test
    void warmupHidesLeadingOutput() throws Exception {
        Window full = ludbWindow(0, WINDOW, List.of("ii"));
        Window warm =
                new Window(
                        full.streamId(),
                        full.leads(),
                        full.samplingFrequencyHz(),
                        full.samples(),
                        200,
                        full.patient());

        WindowResult result = infer(warm);

        int[] all = labels(infer(full), "ii", WINDOW);
        int[] afterWarmup = labels(result, "ii", WINDOW);
        assertThat(Arrays.copyOfRange(afterWarmup, 200, WINDOW))
                .isEqualTo(Arrays.copyOfRange(all, 200, WINDOW));
        assertThat(result.labels()).allSatisfy(run -> assertThat(run.start()).isGreaterThan(199));
        assertThat(result.events())
                .allSatisfy(event -> assertThat(event.onset()).isGreaterThan(199));
    }

    @Test
    void describesMedTsLlmModel() throws Exception {
        HttpResponse<byte[]> response = get(server, "/v1/models/" + NAME);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode info = new ObjectMapper().readTree(response.body());
        assertThat(info.path("model").asText()).isEqualTo("medtsllm");
        assertThat(info.path("task").asText()).isEqualTo("waves");
        assertThat(info.path("backbone").asText()).isEqualTo("stories260K.gguf");
        assertThat(info.path("backboneSha256").asText())
                .isEqualTo(MedTsLlmModel.sha256(Stories260K.GGUF));
        assertThat(info.path("promptParts").toString())
                .isEqualTo("[\"dataset\",\"patient\",\"task\"]");
        assertThat(info.path("windowSamples").asInt()).isEqualTo(WINDOW);
        assertThat(info.path("stepSamples").asInt()).isEqualTo(256);
        assertThat(info.path("samplingFrequencyHz").asDouble()).isEqualTo(500.0);
        assertThat(info.path("device").asText()).isEqualTo("cpu");
        assertThat(info.has("delaySamples")).as("LMU-only field").isFalse();
    }

    @Test
    void rejectsShortWindow() throws Exception {
        HttpResponse<byte[]> response = postJson(ludbWindow(0, 511, List.of("ii")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("windows[0].samples[0]");
        assertThat(error.path("value").asText()).isEqualTo("511 samples");
        assertThat(error.path("expected").asText()).contains("at least 512 samples");
    }

    @Test
    void rejectsNonIntegerSamplingFrequency() throws Exception {
        Window window = ludbWindow(0, WINDOW, List.of("ii"));
        HttpResponse<byte[]> response =
                postJson(
                        new Window(
                                window.streamId(),
                                window.leads(),
                                360.5,
                                window.samples(),
                                0,
                                window.patient()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("windows[0].samplingFrequencyHz");
        assertThat(error.path("value").asText()).isEqualTo("360.5");
    }

    @Test
    void rejectsWindowShorterThanModelWindowAfterResampling() throws Exception {
        // 512 samples at 1000 Hz give about 256 at the model's 500 Hz.
        Window window = ludbWindow(0, WINDOW, List.of("ii"));
        HttpResponse<byte[]> response =
                postJson(
                        new Window(
                                window.streamId(),
                                window.leads(),
                                1000,
                                window.samples(),
                                0,
                                window.patient()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("windows[0].samples[0]");
    }

    @Test
    void resampledLabelsTakeNearestModelSample() throws Exception {
        ResamplingFilter filter = ResamplingFilter.design(1000, 500);
        int length = 1;
        while (ResampledDelineation.modelSamples(filter, length) < WINDOW) {
            length++;
        }
        Window at500 = ludbWindow(0, length, List.of("ii", "v1"));
        Window window =
                new Window(
                        at500.streamId(), at500.leads(), 1000, at500.samples(), 0, PATIENT_FIELDS);

        WindowResult result = infer(window);

        float[][] modelRate = ResampledDelineation.toModelRate(filter, window.samples());
        assertThat(modelRate[0]).hasSize(WINDOW);
        List<float[][]> logits = reference.logits(Arrays.asList(modelRate), patient(), true);
        for (int lead = 0; lead < modelRate.length; lead++) {
            String name = window.leads().get(lead);
            int[] modelLabels = mostLikely(logits.get(lead), 0, WINDOW);
            int[] expected = new int[length];
            for (int i = 0; i < length; i++) {
                long nearest =
                        (long) Math.floor(filter.outputIndexOf(i) + 0.5) - filter.startUpOutputs();
                expected[i] = modelLabels[(int) Math.max(0, Math.min(WINDOW - 1, nearest))];
            }
            assertThat(labels(result, name, length)).as("lead %s", name).isEqualTo(expected);
        }
        assertThat(result.samples()).isEqualTo(length);
        long windowLength = length;
        assertThat(result.events())
                .allSatisfy(event -> assertThat(event.offset()).isLessThan(windowLength));
    }

    @Test
    void rejectsInvalidAge() throws Exception {
        Window window = ludbWindow(0, WINDOW, List.of("ii"));
        HttpResponse<byte[]> response =
                postJson(
                        new Window(
                                window.streamId(),
                                window.leads(),
                                window.samplingFrequencyHz(),
                                window.samples(),
                                0,
                                Map.of("age", "fifty")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("windows[0].patient.age");
        assertThat(error.path("value").asText()).isEqualTo("'fifty'");
    }

    @Test
    void missingGpuRejectedAtLoad() {
        int gpus = Engine.getInstance().getGpuCount();
        Device absent = new Device("gpu", gpus);

        assertThatThrownBy(
                        () -> new ModelRegistry(List.of(Stories260K.GGUF)).load(directory, absent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Device gpu:" + gpus + " is not available")
                .hasMessageContaining("sees " + gpus + " CUDA GPU(s)")
                .hasMessageContaining("--device cpu");
    }

    @Test
    void gpuLabelsMatchCpu() throws Exception {
        int gpus = Engine.getInstance().getGpuCount();
        assumeTrue(
                gpus > 0,
                "no CUDA device visible to DJL's "
                        + Engine.getInstance().getEngineName()
                        + " engine (CPU-only native library or no GPU)");
        ModelRegistry registry = new ModelRegistry(List.of(Stories260K.GGUF));
        registry.load(directory, Device.parse("gpu:0"));
        Window window = ludbWindow(0, WINDOW, ludbOne.leads());
        ModelServer gpuServer = ModelServer.start(registry, ServeTestSupport.options(8, 2, 16, 1));
        try {
            assertThat(gpuServer.awaitReady(Duration.ofSeconds(120))).as("ready").isTrue();
            HttpResponse<byte[]> response =
                    post(
                            gpuServer,
                            path(),
                            JsonCodec.MEDIA_TYPE,
                            JSON.write(new InferenceRequest(List.of(window))));
            assertThat(response.statusCode()).as(ServeTestSupport.text(response)).isEqualTo(200);
            WindowResult onGpu = JSON.readResponse(response.body()).results().get(0);

            // Float sums differ between CUDA and CPU kernels, so near-ties may flip.
            WindowResult onCpu = infer(window);
            int equal = 0;
            for (String lead : window.leads()) {
                int[] gpu = labels(onGpu, lead, WINDOW);
                int[] cpu = labels(onCpu, lead, WINDOW);
                for (int t = 0; t < WINDOW; t++) {
                    equal += gpu[t] == cpu[t] ? 1 : 0;
                }
            }
            assertThat(equal).isGreaterThan((int) (0.99 * WINDOW * window.leads().size()));
        } finally {
            gpuServer.close();
        }
    }

    @Test
    void missingBackboneNamed() throws IOException {
        // A copy naming a backbone that no place has, since the tests set MEDSTREAM_HOME to the
        // repository, whose models/stories260K contains the real one.
        Path copy = temporary.resolve("other-backbone").resolve(NAME);
        Files.createDirectories(copy);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Path json = copy.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json).replace("\"stories260K.gguf\"", "\"other-backbone.gguf\""));

        assertThatThrownBy(() -> new ModelRegistry().load(copy, Device.CPU))
                .hasMessageContaining("other-backbone.gguf")
                .hasMessageContaining("--backbone FILE");
    }

    private static String path() {
        return "/v1/models/" + NAME + "/infer";
    }

    private static HttpResponse<byte[]> postJson(Window window) throws Exception {
        return post(
                server,
                path(),
                JsonCodec.MEDIA_TYPE,
                JSON.write(new InferenceRequest(List.of(window))));
    }

    private static WindowResult infer(Window window) throws Exception {
        HttpResponse<byte[]> response = postJson(window);
        assertThat(response.statusCode()).as(ServeTestSupport.text(response)).isEqualTo(200);
        InferenceResponse answer = JSON.readResponse(response.body());
        assertThat(answer.model()).isEqualTo(NAME);
        assertThat(answer.results()).hasSize(1);
        return answer.results().get(0);
    }

    /** Returns {@code length} samples from {@code start} of the named LUDB record 1 leads. */
    private static Window ludbWindow(int start, int length, List<String> leads) {
        float[][] samples = new float[leads.size()][];
        for (int i = 0; i < samples.length; i++) {
            float[] signal = ludbOne.signals().get(ludbOne.leads().indexOf(leads.get(i)));
            samples[i] = Arrays.copyOfRange(signal, start, start + length);
        }
        return new Window(
                "ludb-1", leads, ludbOne.samplingFrequencyHz(), samples, 0, PATIENT_FIELDS);
    }

    /**
     * Returns the patient that {@link #PATIENT_FIELDS} describe, as the prompt builder reads it.
     */
    private static PatientContext patient() {
        return PatientContext.newBuilder()
                .setStreamId("ludb-1")
                .setAgeYears(51)
                .setSex("F")
                .setDiagnoses(List.of("Sinus rhythm", "Left ventricular hypertrophy"))
                .setMedications(List.of())
                .setSource("test")
                .setUpdatedAtMicros(Instant.EPOCH)
                .build();
    }

    /** Returns the most likely class of samples [from, to) of logits [class][sample]. */
    private static int[] mostLikely(float[][] logits, int from, int to) {
        int[] labels = new int[to - from];
        for (int t = from; t < to; t++) {
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c][t] > logits[best][t]) {
                    best = c;
                }
            }
            labels[t - from] = best;
        }
        return labels;
    }

    /** Decodes a lead's label runs into one class index per sample, 0 outside every run. */
    private static int[] labels(WindowResult result, String lead, int length) {
        List<String> classes = WaveClass.names();
        int[] labels = new int[length];
        for (LabelRun run : result.labels()) {
            if (run.lead().equals(lead)) {
                Arrays.fill(
                        labels, (int) run.start(), (int) run.end(), classes.indexOf(run.label()));
            }
        }
        return labels;
    }

    private static List<String> waves(WindowResult result, String lead) {
        List<String> waves = new ArrayList<>();
        for (Event event : result.events()) {
            if (event.lead().equals(lead)) {
                assertThat(event.kind()).isEqualTo(Event.WAVE);
                waves.add(
                        event.label()
                                + " "
                                + event.onset()
                                + " "
                                + event.peak()
                                + " "
                                + event.offset());
            }
        }
        return waves;
    }

    private static List<String> assembleWaves(String lead, int[] labels, float[] samples) {
        List<String> waves = new ArrayList<>();
        WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, 500);
        java.util.function.Consumer<Wave> sink =
                wave ->
                        waves.add(
                                wave.kind().name()
                                        + " "
                                        + wave.onset()
                                        + " "
                                        + wave.peak()
                                        + " "
                                        + wave.offset());
        for (int t = 0; t < labels.length; t++) {
            assembler.accept(t, labels[t], samples[t], sink);
        }
        assembler.finish(sink);
        return waves;
    }
}
