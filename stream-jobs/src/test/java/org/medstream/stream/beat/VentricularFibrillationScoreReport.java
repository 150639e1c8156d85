package org.medstream.stream.beat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Counts the {@code VENTRICULAR_FLUTTER_FIBRILLATION} alarms that the beat detection operator
 * (classic detector, default limits, 1 s chunks) raises on every record the alarm reports use, and
 * prints Markdown tables. None of these records has a ventricular flutter or fibrillation episode
 * in its reference rhythm annotations ({@code (VFL}), so every alarm is false. Runs only with
 * {@code -Dmedstream.alarm.score=true}; {@code -Dmedstream.alarm.nstdb=DIR} adds the MIT-BIH Noise
 * Stress Test records and record 100 with 60 s of recorded electrode-motion noise, as in {@link
 * AlarmScoreReport}.
 *
 * <p>It also lists the reference ventricular tachycardia episodes ({@code (VT}) of the annotated
 * records with their length and mean reference rate, and whether a fibrillation alarm overlaps
 * them.
 */
@EnabledIfSystemProperty(named = "medstream.alarm.score", matches = "true")
class VentricularFibrillationScoreReport {
    private static final List<String> ANNOTATED =
            List.of(
                    "mitdb/100",
                    "mitdb/103",
                    "mitdb/105",
                    "mitdb/106",
                    "mitdb/108",
                    "mitdb/118",
                    "mitdb/208",
                    "svdb/800");
    private static final List<String> CINC = List.of("cinc2015/a103l", "cinc2015/v102s");
    private static final List<String> NOISE_STRESS = List.of("118e24", "118e12", "118e00");
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int SYNTHETIC_RUNS = 20;
    private static final double SYNTHETIC_SECONDS = 20;

    private record Scored(String name, RecordChunks source, boolean noise, Path annotations) {}

    @Test
    void countFalseFibrillationAlarms() throws Exception {
        List<Scored> records = new ArrayList<>();
        for (String name : ANNOTATED) {
            records.add(new Scored(name, read(name), false, DATA.resolve(name + ".atr")));
        }
        for (String name : CINC) {
            records.add(new Scored(name, read(name), false, null));
        }
        String nstdb = System.getProperty("medstream.alarm.nstdb");
        if (nstdb != null && !nstdb.isBlank()) {
            Path folder = Path.of(nstdb);
            for (String name : NOISE_STRESS) {
                records.add(
                        new Scored(
                                "nstdb/" + name,
                                RecordChunks.read(folder.resolve(name), name),
                                true,
                                folder.resolve(name + ".atr")));
            }
            records.add(
                    new Scored(
                            "mitdb/100, MLII 600-660 s noise only",
                            AlarmScoreReport.noiseOnlyStretch(folder),
                            true,
                            null));
        }

        StringBuilder table = new StringBuilder();
        table.append(
                "| Record | Hours | Noise record | VF alarms (START) | Onsets (s) |\n"
                        + "|---|---|---|---|---|\n");
        StringBuilder episodes = new StringBuilder();
        episodes.append(
                "| Record | (VT episode (s) | Length (s) | Reference rate (bpm) | VF alarm over it"
                        + " |\n|---|---|---|---|---|\n");
        double hoursClean = 0;
        double hoursNoise = 0;
        int alarmsClean = 0;
        int alarmsNoise = 0;
        for (Scored record : records) {
            double fs = record.source().samplingFrequencyHz();
            double hours = record.source().frames() / fs / 3600;
            List<Alert> starts = fibrillationStarts(record.source());
            if (record.noise()) {
                hoursNoise += hours;
                alarmsNoise += starts.size();
            } else {
                hoursClean += hours;
                alarmsClean += starts.size();
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.2f | %s | %d | %s |%n",
                            record.name(),
                            hours,
                            record.noise() ? "yes" : "no",
                            starts.size(),
                            onsets(starts, fs)));
            if (record.annotations() != null && !record.noise()) {
                for (long[] episode :
                        AlarmScoreReport.rhythmEpisodes(record.annotations(), "(VT")) {
                    episodes.append(episodeRow(record, episode, starts, fs));
                }
            }
        }
        double hoursAll = hoursClean + hoursNoise;
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nWithout the noise records: %d false VF alarms in %.2f h, %.2f per hour."
                                + "%nWith them: %d in %.2f h, %.2f per hour.%n%n",
                        alarmsClean,
                        hoursClean,
                        alarmsClean / hoursClean,
                        alarmsClean + alarmsNoise,
                        hoursAll,
                        (alarmsClean + alarmsNoise) / hoursAll));
        table.append(episodes);
        table.append(syntheticTable());
        System.out.println(table);
        Files.writeString(Path.of("target", "vf-score.md"), table);
    }

    /**
     * Inserts the tests' synthetic fibrillation ({@link
     * VentricularFibrillationRecordTest#fibrillation}) for {@value #SYNTHETIC_SECONDS} s into lead
     * MLII of record 100 at 20 places and seeds, and real ventricular beats of record 208 repeated
     * at fixed rates into record 208, and reports how often and how fast the alarm is raised.
     */
    private static String syntheticTable() throws Exception {
        RecordChunks full100 = read("mitdb/100");
        double fs = full100.samplingFrequencyHz();
        List<Double> delays = new ArrayList<>();
        int inserted = 0;
        for (int k = 0; k < SYNTHETIC_RUNS; k++) {
            // Places 80 s apart, each at a different phase of the 1 s decision step.
            double fromSeconds = 100 + 80.0 * k + 0.37 * k;
            RecordChunks source = read("mitdb/100");
            int from = (int) Math.round(fromSeconds * fs);
            float[] waveform =
                    VentricularFibrillationRecordTest.fibrillation(
                            fs, (int) Math.round(SYNTHETIC_SECONDS * fs), new Random(1000 + k));
            float baseline = source.channel(0)[from];
            for (int i = 0; i < waveform.length; i++) {
                waveform[i] += baseline;
            }
            source.replace(0, from, waveform);
            inserted++;
            for (Alert alert : fibrillationStarts(source)) {
                if (alert.getSampleIndex() >= from
                        && alert.getOnsetSampleIndex() <= from + waveform.length) {
                    delays.add((alert.getSampleIndex() - from) / fs);
                }
            }
        }
        delays.sort(Double::compare);
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%nSynthetic fibrillation, %d s inserted %d times into mitdb/100: raised %d"
                                + " times, delay from its start to the START's confirmation"
                                + " sample min %.2f s, median %.2f s, max %.2f s.%n%n",
                        (int) SYNTHETIC_SECONDS,
                        inserted,
                        delays.size(),
                        delays.isEmpty() ? Double.NaN : delays.get(0),
                        delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2),
                        delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1)));

        RecordChunks full208 = read("mitdb/208");
        List<Long> ventricularBeats = new ArrayList<>();
        for (Annotation annotation : WfdbAnnotations.read(DATA.resolve("mitdb/208.atr"))) {
            if (annotation.code().mnemonic().equals("V")) {
                ventricularBeats.add(annotation.sample());
            }
        }
        // Leave out beats too close to the record's ends to cut a whole interval around them.
        ventricularBeats.removeIf(beat -> beat < 2 * fs || beat > full208.frames() - 2 * fs);
        table.append(
                "| Repeated real ventricular beats (mitdb/208) | Stretches of 60 s | VF alarms |\n"
                        + "|---|---|---|\n");
        for (double bpm : new double[] {150, 180, 200, 220, 240}) {
            RecordChunks edited = read("mitdb/208");
            int stretches = 0;
            for (int from = (int) (120 * fs);
                    from + 60 * fs < edited.frames();
                    from += (int) (240 * fs)) {
                float[] run =
                        VentricularFibrillationRecordTest.tiledBeats(
                                full208.channel(0),
                                ventricularBeats.subList(
                                        (stretches * 150) % ventricularBeats.size(),
                                        ventricularBeats.size()),
                                fs,
                                bpm,
                                60);
                float baseline = edited.channel(0)[from];
                for (int i = 0; i < run.length; i++) {
                    run[i] += baseline;
                }
                edited.replace(0, from, run);
                stretches++;
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %.0f bpm | %d | %d |%n",
                            bpm,
                            stretches,
                            fibrillationStarts(edited).size()));
        }
        return table.toString();
    }

    private static String episodeRow(Scored record, long[] episode, List<Alert> starts, double fs)
            throws Exception {
        List<Long> beats = new ArrayList<>();
        for (Annotation annotation : WfdbAnnotations.read(record.annotations())) {
            if (annotation.isQrs()
                    && annotation.sample() >= episode[0]
                    && annotation.sample() < episode[1]) {
                beats.add(annotation.sample());
            }
        }
        double rateBpm =
                beats.size() < 2
                        ? Double.NaN
                        : 60.0
                                * fs
                                * (beats.size() - 1)
                                / (beats.get(beats.size() - 1) - beats.get(0));
        boolean overlapped =
                starts.stream()
                        .anyMatch(
                                alert ->
                                        alert.getSampleIndex() >= episode[0]
                                                && alert.getOnsetSampleIndex() <= episode[1]);
        return String.format(
                Locale.ROOT,
                "| %s | %.1f | %.1f | %.0f | %s |%n",
                record.name(),
                episode[0] / fs,
                (episode[1] - episode[0]) / fs,
                rateBpm,
                overlapped ? "yes" : "no");
    }

    private static String onsets(List<Alert> starts, double fs) {
        if (starts.isEmpty()) {
            return "";
        }
        List<String> times = new ArrayList<>();
        for (Alert alert : starts) {
            times.add(String.format(Locale.ROOT, "%.0f", alert.getOnsetSampleIndex() / fs));
        }
        return String.join(", ", times);
    }

    private static List<Alert> fibrillationStarts(RecordChunks source) throws Exception {
        int oneSecond = (int) Math.round(source.samplingFrequencyHz());
        DetectionRun run =
                DetectionRun.of(
                        source.fixed(oneSecond), new PanTompkinsDetector(), AlarmRules.defaults());
        return run.alerts().stream()
                .filter(alert -> alert.getPhase() == AlertPhase.START)
                .filter(alert -> alert.getType() == AlertType.VENTRICULAR_FLUTTER_FIBRILLATION)
                .toList();
    }

    private static RecordChunks read(String name) throws Exception {
        String[] parts = name.split("/");
        return RecordChunks.read(parts[0], parts[1], Double.MAX_VALUE);
    }
}
