package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medstream.model.serve.ServeTestSupport.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.beats.MitBihTrainingData;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.runs.RunAssembler;
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
import org.medstream.model.waves.StreamingDelineator;
import org.medstream.model.waves.WaveRules;

/**
 * The LMU wave and beat models over HTTP on bundled records: the server's events equal what the
 * streaming classes give in process for the same window, in JSON and in Avro.
 */
class LmuServingTest {
    private static final JsonCodec JSON = new JsonCodec();
    private static final AvroCodec AVRO = new AvroCodec();

    private static ModelServer server;
    private static LudbRecord ludbOne;
    private static Window wavesWindow;
    private static Window beatsWindow;

    @BeforeAll
    static void startServer() throws Exception {
        ludbOne = new LudbReader(ServeTestSupport.dataDirectory().resolve("ludb")).read(1);
        wavesWindow =
                new Window(
                        "ludb-1",
                        ludbOne.leads(),
                        ludbOne.samplingFrequencyHz(),
                        ludbOne.signals().toArray(new float[0][]),
                        0,
                        null);

        Recording mitbih =
                RecordingFiles.open(ServeTestSupport.dataDirectory().resolve("mitdb/100"));
        int length = (int) Math.round(60 * mitbih.samplingFrequencyHz());
        List<String> names = new ArrayList<>();
        float[][] samples = new float[mitbih.channels().size()][length];
        for (int channel = 0; channel < samples.length; channel++) {
            names.add(mitbih.channels().get(channel).name());
            double[] physical = mitbih.physical(channel);
            for (int i = 0; i < length; i++) {
                samples[channel][i] = (float) physical[i];
            }
        }
        beatsWindow =
                new Window("mitdb-100", names, mitbih.samplingFrequencyHz(), samples, 0, null);

        ModelRegistry registry = new ModelRegistry();
        registry.load(ServeTestSupport.model("lmu-waves"), Device.CPU);
        registry.load(ServeTestSupport.model("lmu-beats"), Device.CPU);
        server = ModelServer.start(registry, ServeTestSupport.options(8, 2, 16, 2));
        assertThat(server.awaitReady(Duration.ofSeconds(60))).as("ready").isTrue();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void wavesEqualStreamingDelineator() throws Exception {
        WindowResult result = inferJson("lmu-waves", wavesWindow);

        assertThat(waves(result.events())).isEqualTo(delineate(wavesWindow, 0));
        assertThat(result.events()).hasSizeGreaterThan(100);
        assertThat(result.labels()).isNotEmpty();
        assertThat(result.samples()).isEqualTo(5000);
    }

    @Test
    void wavesAfterWarmupOnly() throws Exception {
        Window window =
                new Window(
                        wavesWindow.streamId(),
                        wavesWindow.leads(),
                        wavesWindow.samplingFrequencyHz(),
                        wavesWindow.samples(),
                        1000,
                        null);

        WindowResult result = inferJson("lmu-waves", window);

        assertThat(waves(result.events())).isEqualTo(delineate(window, 1000));
        assertThat(result.labels())
                .allSatisfy(run -> assertThat(run.start()).isGreaterThanOrEqualTo(1000));
    }

    @Test
    void wavesAt360HzNearReferenceBeats() throws Exception {
        WindowResult result = inferJson("lmu-waves", beatsWindow);

        int length = beatsWindow.length();
        List<Long> qrsPeaks = new ArrayList<>();
        for (Event event : result.events()) {
            assertThat(event.kind()).isEqualTo(Event.WAVE);
            assertThat(event.onset()).isBetween(0L, event.peak());
            assertThat(event.offset()).isBetween(event.peak(), length - 1L);
            if (event.lead().equals("MLII") && event.label().equals("QRS")) {
                qrsPeaks.add(event.peak());
            }
        }
        long tolerance = Math.round(0.150 * 360);
        List<Long> reference = new ArrayList<>();
        for (Annotation annotation :
                WfdbAnnotations.read(ServeTestSupport.dataDirectory().resolve("mitdb/100.atr"))) {
            if (annotation.isQrs()
                    && annotation.sample() >= tolerance
                    && annotation.sample() < length - tolerance) {
                reference.add(annotation.sample());
            }
        }
        long matched =
                reference.stream()
                        .filter(
                                beat ->
                                        qrsPeaks.stream()
                                                .anyMatch(
                                                        peak -> Math.abs(peak - beat) <= tolerance))
                        .count();

        assertThat(reference).hasSizeGreaterThan(50);
        assertThat(matched).isEqualTo(reference.size());
        assertThat(qrsPeaks.size()).isLessThan(reference.size() * 12 / 10 + 2);
        assertThat(result.samples()).isEqualTo(length);
    }

    @Test
    void waveLabelsAt360HzCoverEverySample() throws Exception {
        WindowResult result = inferJson("lmu-waves", beatsWindow);

        for (String lead : beatsWindow.leads()) {
            List<LabelRun> runs =
                    result.labels().stream().filter(run -> run.lead().equals(lead)).toList();
            assertThat(runs).as("runs of %s", lead).hasSizeGreaterThan(100);
            long previousEnd = 0;
            for (LabelRun run : runs) {
                assertThat(run.start())
                        .as("%s starts after the previous run", run)
                        .isGreaterThanOrEqualTo(previousEnd);
                assertThat(run.end())
                        .as("%s ends in the window", run)
                        .isLessThanOrEqualTo(beatsWindow.length());
                previousEnd = run.end();
            }
        }
        List<Long> qrsRunStarts =
                result.labels().stream()
                        .filter(run -> run.lead().equals("MLII") && run.label().equals("qrs"))
                        .map(LabelRun::start)
                        .toList();
        for (Event event : result.events()) {
            if (event.lead().equals("MLII") && event.label().equals("QRS")) {
                assertThat(qrsRunStarts)
                        .as("a qrs run near the onset of %s", event)
                        .anyMatch(start -> Math.abs(start - event.onset()) <= 1);
            }
        }
    }

    @Test
    void wavesRejectNonIntegerRate() throws Exception {
        Window window =
                new Window(
                        beatsWindow.streamId(),
                        beatsWindow.leads(),
                        360.5,
                        beatsWindow.samples(),
                        0,
                        null);
        byte[] body = JSON.write(new InferenceRequest(List.of(window)));

        HttpResponse<byte[]> response =
                post(server, "/v1/models/lmu-waves/infer", JsonCodec.MEDIA_TYPE, body);

        assertThat(response.statusCode()).isEqualTo(400);
        String text = ServeTestSupport.text(response);
        assertThat(text).contains("windows[0].samplingFrequencyHz");
        assertThat(text).contains("360.5");
        assertThat(text).contains("whole number of Hz");
    }

    @Test
    void beatsEqualLeadLabeller() throws Exception {
        WindowResult result = inferJson("lmu-beats", beatsWindow);

        List<String> beats = new ArrayList<>();
        for (Event event : result.events()) {
            assertThat(event.kind()).isEqualTo(Event.BEAT);
            assertThat(event.lead()).isEqualTo("MLII");
            beats.add(event.sample() + event.label());
        }
        assertThat(beats).isEqualTo(labelBeats(beatsWindow));
        assertThat(beats).hasSizeBetween(60, 90);
    }

    @Test
    void avroAndJsonGiveSameResponse() throws Exception {
        InferenceRequest request = new InferenceRequest(List.of(beatsWindow, beatsWindow));

        HttpResponse<byte[]> json =
                post(
                        server,
                        "/v1/models/lmu-beats/infer",
                        JsonCodec.MEDIA_TYPE,
                        JSON.write(request));
        HttpResponse<byte[]> avro =
                post(
                        server,
                        "/v1/models/lmu-beats/infer",
                        AvroCodec.MEDIA_TYPE,
                        AVRO.writeRequest(request));

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(avro.statusCode()).isEqualTo(200);
        assertThat(avro.headers().firstValue("Content-Type")).hasValue(AvroCodec.MEDIA_TYPE);
        InferenceResponse fromJson = JSON.readResponse(json.body());
        InferenceResponse fromAvro = AVRO.readResponse(avro.body());
        assertThat(fromAvro).isEqualTo(fromJson);
        assertThat(fromJson.results()).hasSize(2);
        assertThat(fromJson.results().get(0).events()).isNotEmpty();
    }

    @Test
    void acceptHeaderChoosesResponseFormat() throws Exception {
        byte[] body = AVRO.writeRequest(new InferenceRequest(List.of(beatsWindow)));
        HttpResponse<byte[]> response =
                ServeTestSupport.CLIENT.send(
                        java.net.http.HttpRequest.newBuilder(
                                        server.uri().resolve("/v1/models/lmu-beats/infer"))
                                .header("Content-Type", AvroCodec.MEDIA_TYPE)
                                .header("Accept", JsonCodec.MEDIA_TYPE)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JsonCodec.MEDIA_TYPE);
        assertThat(JSON.readResponse(response.body()).results().get(0).events()).isNotEmpty();
    }

    private static WindowResult inferJson(String model, Window window) throws Exception {
        byte[] body = JSON.write(new InferenceRequest(List.of(window)));
        HttpResponse<byte[]> response =
                post(server, "/v1/models/" + model + "/infer", JsonCodec.MEDIA_TYPE, body);
        assertThat(response.statusCode()).as(ServeTestSupport.text(response)).isEqualTo(200);
        InferenceResponse answer = JSON.readResponse(response.body());
        assertThat(answer.model()).isEqualTo(model);
        assertThat(answer.results()).hasSize(1);
        return answer.results().get(0);
    }

    /** Returns the waves as "lead kind onset peak offset" lines, in the server's order. */
    private static List<String> waves(List<Event> events) {
        List<String> lines = new ArrayList<>();
        for (Event event : events) {
            assertThat(event.kind()).isEqualTo(Event.WAVE);
            lines.add(
                    event.lead()
                            + " "
                            + event.label()
                            + " "
                            + event.onset()
                            + " "
                            + event.peak()
                            + " "
                            + event.offset());
        }
        return lines;
    }

    /** Runs {@link StreamingDelineator} over the window as one stream. */
    private static List<String> delineate(Window window, int warmupSamples) throws Exception {
        StreamingLmuModel model = StreamingLmuModel.load(ServeTestSupport.model("lmu-waves"));
        List<String> leads = model.metadata().leads();
        assertThat(window.leads()).as("window leads in model order").isEqualTo(leads);
        boolean[] present = new boolean[leads.size()];
        java.util.Arrays.fill(present, true);
        StreamingDelineator delineator = model.newDelineator(WaveRules.DEFAULT, present);

        List<String> lines = new ArrayList<>();
        org.medstream.model.waves.WaveSink sink =
                (lead, wave) -> {
                    if (wave.onset() >= warmupSamples) {
                        lines.add(
                                window.leads().get(lead)
                                        + " "
                                        + wave.kind().name()
                                        + " "
                                        + wave.onset()
                                        + " "
                                        + wave.peak()
                                        + " "
                                        + wave.offset());
                    }
                };

        float[] frame = new float[leads.size()];
        for (int t = 0; t < window.length(); t++) {
            for (int lead = 0; lead < frame.length; lead++) {
                frame[lead] = window.samples()[lead][t];
            }
            delineator.accept(frame, sink);
        }
        delineator.finish(sink);
        return lines;
    }

    /** Runs lead MLII through a labeller and run assembler, as the job's LMU beat detector does. */
    private static List<String> labelBeats(Window window) throws Exception {
        StreamingLmuModel model = StreamingLmuModel.load(ServeTestSupport.model("lmu-beats"));
        double[] input = new double[window.length()];
        for (int i = 0; i < input.length; i++) {
            input[i] = window.samples()[0][i];
        }
        LeadLabeller labeller =
                new LeadLabeller(model, null, LeadLabeller.newState(window.samplingFrequencyHz()));
        RunAssembler assembler =
                new RunAssembler(
                        AamiClass.values().length,
                        MitBihTrainingData.HALF_WIDTH_SECONDS,
                        model.metadata().samplingFrequencyHz());
        List<String> beats = new ArrayList<>();
        RunAssembler.Sink sink =
                (sample, label) ->
                        beats.add(
                                labeller.streamIndexOf(sample)
                                        + AamiClass.values()[label - 1].name());
        LeadLabeller.OutputSink outputs =
                logits -> assembler.accept(labeller.mostLikely(logits), sink);
        labeller.feed(input, 0, outputs);
        labeller.finish(outputs);
        assembler.finish(sink);
        return beats;
    }
}
