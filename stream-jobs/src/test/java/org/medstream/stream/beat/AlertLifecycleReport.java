package org.medstream.stream.beat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * Prints, for each alert id that the beat detection operator raises on one record, how many records
 * it sent and how far apart they are, as a Markdown table. The operator runs as the demo runs it:
 * classic detector, default alarm rules, 250 ms chunks.
 *
 * <p>Runs only with {@code -Dmedstream.lifecycle.record=database/name} (a record under {@code
 * medstream.data.dir}, such as {@code cinc2015/v102s}), and writes the table to {@code
 * target/alert-lifecycle.md}.
 */
@EnabledIfSystemProperty(named = "medstream.lifecycle.record", matches = ".+")
class AlertLifecycleReport {
    private static final double CHUNK_MILLIS = 250;
    private static final double UPDATE_INTERVAL_SECONDS = 10;

    @Test
    void reportRecordSpacing() throws Exception {
        String record = System.getProperty("medstream.lifecycle.record");
        int slash = record.indexOf('/');
        RecordChunks source =
                RecordChunks.read(
                        record.substring(0, slash), record.substring(slash + 1), Double.MAX_VALUE);
        double fs = source.samplingFrequencyHz();
        DetectionRun run =
                DetectionRun.of(
                        source.fixed(Chunker.framesPerChunk(fs, CHUNK_MILLIS)),
                        new PanTompkinsDetector());

        Map<String, List<Alert>> byId = new LinkedHashMap<>();
        for (Alert alert : run.alerts()) {
            byId.computeIfAbsent(alert.getAlertId(), id -> new ArrayList<>()).add(alert);
        }
        StringBuilder out = new StringBuilder();
        out.append(
                "| Alert id | Records | Phases | Min gap (s) | UPDATE or DEESCALATE < 10 s after"
                        + " the previous record | Same-sample pairs | Priority changes |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Alert>> entry : byId.entrySet()) {
            out.append(row(entry.getKey(), entry.getValue(), fs));
        }
        out.append("\nRecords in order:\n\n");
        for (Alert alert : run.alerts()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "- %s %s seq %d sample %d %s %s: %s%n",
                            alert.getAlertId(),
                            alert.getPhase(),
                            alert.getSequence(),
                            alert.getSampleIndex(),
                            alert.getPriority(),
                            alert.getHeartRateBpm() == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT, "%.1f bpm", alert.getHeartRateBpm()),
                            alert.getMessage()));
        }
        System.out.println(out);
        Files.writeString(Path.of("target", "alert-lifecycle.md"), out);
    }

    private static String row(String id, List<Alert> records, double fs) {
        double minGapSeconds = Double.NaN;
        int shortWaitingGaps = 0;
        int sameSample = 0;
        int priorityChanges = 0;
        StringBuilder phases = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            Alert alert = records.get(i);
            if (i > 0) {
                phases.append(' ');
            }
            phases.append(alert.getPhase());
            if (alert.getPhase() == AlertPhase.ESCALATE
                    || alert.getPhase() == AlertPhase.DEESCALATE) {
                priorityChanges++;
            }
            if (i == 0) {
                continue;
            }
            long gapSamples = alert.getSampleIndex() - records.get(i - 1).getSampleIndex();
            double gapSeconds = gapSamples / fs;
            if (Double.isNaN(minGapSeconds) || gapSeconds < minGapSeconds) {
                minGapSeconds = gapSeconds;
            }
            if (gapSamples == 0) {
                sameSample++;
            }
            boolean waits =
                    alert.getPhase() == AlertPhase.UPDATE
                            || alert.getPhase() == AlertPhase.DEESCALATE;
            if (waits && gapSeconds < UPDATE_INTERVAL_SECONDS) {
                shortWaitingGaps++;
            }
        }
        return String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %d | %d | %d |%n",
                id,
                records.size(),
                phases,
                Double.isNaN(minGapSeconds)
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f", minGapSeconds),
                shortWaitingGaps,
                sameSample,
                priorityChanges);
    }
}
