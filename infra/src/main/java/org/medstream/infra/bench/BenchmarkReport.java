package org.medstream.infra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats benchmark results as plain-text tables for a terminal and as Markdown tables. */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    /** Returns a plain-text table of throughput results, one line per run. */
    public static String throughputText(List<ThroughputBenchmark.Result> results) {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %-6s %-11s %10s %12s %10s %12s %12s %10s%n",
                        "streams",
                        "waves",
                        "checkpoint",
                        "chunks",
                        "samples",
                        "elapsed s",
                        "samples/s",
                        "frames/s",
                        "chunks/s"));
        for (ThroughputBenchmark.Result result : results) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%-8d %-6s %-11s %10d %12d %10.2f %12.0f %12.0f %10.0f%n",
                            result.streams(),
                            result.waves() ? "yes" : "no",
                            millis(result.checkpointInterval().toMillis()),
                            result.chunks(),
                            result.samples(),
                            ThroughputBenchmark.seconds(result.elapsed()),
                            result.samplesPerSecond(),
                            result.framesPerSecond(),
                            result.chunksPerSecond()));
        }
        return text.toString();
    }

    /** Returns a plain-text table of latency results in milliseconds, one line per run. */
    public static String latencyText(List<LatencyBenchmark.Result> results) {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %-11s %7s %-14s %8s %8s %8s%n",
                        "streams",
                        "checkpoint",
                        "beats",
                        "latency (ms)",
                        "p50",
                        "p99",
                        "max"));
        for (LatencyBenchmark.Result result : results) {
            appendLatencyLine(text, result, "sample-to-beat", result.sampleToBeat());
            appendLatencyLine(text, result, "operator", result.operator());
        }
        return text.toString();
    }

    private static void appendLatencyLine(
            StringBuilder text,
            LatencyBenchmark.Result result,
            String kind,
            LatencySummary summary) {
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-8d %-11s %7d %-14s %8.0f %8.0f %8.0f%n",
                        result.streams(),
                        millis(result.checkpointInterval().toMillis()),
                        summary.count(),
                        kind,
                        summary.p50Millis(),
                        summary.p99Millis(),
                        summary.maxMillis()));
    }

    /** Returns a Markdown table of throughput results. */
    public static String throughputMarkdown(List<ThroughputBenchmark.Result> results) {
        StringBuilder markdown = new StringBuilder();
        markdown.append(
                "| streams | waves | checkpoint interval | chunks | samples | elapsed (s) | samples/s |"
                        + " frames/s | chunks/s |\n");
        markdown.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ThroughputBenchmark.Result result : results) {
            markdown.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %s | %s | %d | %d | %.2f | %.0f | %.0f | %.0f |%n",
                            result.streams(),
                            result.waves() ? "yes" : "no",
                            millis(result.checkpointInterval().toMillis()),
                            result.chunks(),
                            result.samples(),
                            ThroughputBenchmark.seconds(result.elapsed()),
                            result.samplesPerSecond(),
                            result.framesPerSecond(),
                            result.chunksPerSecond()));
        }
        return markdown.toString();
    }

    /** Returns a Markdown table of latency results in milliseconds. */
    public static String latencyMarkdown(List<LatencyBenchmark.Result> results) {
        StringBuilder markdown = new StringBuilder();
        markdown.append(
                "| streams | duration (s) | checkpoint interval | latency | beats | p50 (ms) |"
                        + " p99 (ms) | max (ms) |\n");
        markdown.append("|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (LatencyBenchmark.Result result : results) {
            appendLatencyRow(markdown, result, "sample to beat", result.sampleToBeat());
            appendLatencyRow(markdown, result, "operator", result.operator());
        }
        return markdown.toString();
    }

    /** Returns a plain-text table of alert latency results in milliseconds, one line each. */
    public static String alertLatencyText(List<AlertLatencyBenchmark.Result> results) {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %-20s %-18s %8s %7s %8s %8s %8s%n",
                        "streams",
                        "alarm",
                        "latency (ms)",
                        "episodes",
                        "alerts",
                        "p50",
                        "p99",
                        "max"));
        for (AlertLatencyBenchmark.Result result : results) {
            for (AlertLatencyRow row : alertLatencyRows(result)) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "%-8d %-20s %-18s %8d %7d %8.0f %8.0f %8.0f%n",
                                result.streams(),
                                row.alarm(),
                                row.kind(),
                                row.latency().episodes(),
                                row.summary().count(),
                                row.summary().p50Millis(),
                                row.summary().p99Millis(),
                                row.summary().maxMillis()));
            }
            text.append(onsetErrors(result));
            text.append(
                    String.format(
                            Locale.ROOT, "other alerts, not measured: %d%n", result.otherAlerts()));
        }
        return text.toString();
    }

    /** Returns a Markdown table of alert latency results in milliseconds. */
    public static String alertLatencyMarkdown(List<AlertLatencyBenchmark.Result> results) {
        StringBuilder markdown = new StringBuilder();
        markdown.append(
                "| streams | duration (s) | alarm | latency | episodes | alerts | p50 (ms) | p99"
                        + " (ms) | max (ms) | other alerts |\n");
        markdown.append("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (AlertLatencyBenchmark.Result result : results) {
            for (AlertLatencyRow row : alertLatencyRows(result)) {
                markdown.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.0f | %s | %s | %d | %d | %.0f | %.0f | %.0f | %d |%n",
                                result.streams(),
                                result.durationSeconds(),
                                row.alarm(),
                                row.kind(),
                                row.latency().episodes(),
                                row.summary().count(),
                                row.summary().p50Millis(),
                                row.summary().p99Millis(),
                                row.summary().maxMillis(),
                                result.otherAlerts()));
            }
        }
        markdown.append('\n');
        for (AlertLatencyBenchmark.Result result : results) {
            markdown.append(onsetErrors(result));
        }
        return markdown.toString();
    }

    private static String onsetErrors(AlertLatencyBenchmark.Result result) {
        return String.format(
                Locale.ROOT,
                "Largest distance from an alert's onset to its reference onset: ASYSTOLE %.0f ms,"
                        + " EXTREME_TACHYCARDIA %.0f ms%n",
                result.asystole().maxOnsetErrorMillis(),
                result.tachycardia().maxOnsetErrorMillis());
    }

    private record AlertLatencyRow(
            String alarm,
            String kind,
            AlertLatencyBenchmark.AlarmLatency latency,
            LatencySummary summary) {}

    private static List<AlertLatencyRow> alertLatencyRows(AlertLatencyBenchmark.Result result) {
        List<AlertLatencyRow> rows = new ArrayList<>();
        addAlertLatencyRows(rows, "ASYSTOLE", result.asystole());
        addAlertLatencyRows(rows, "EXTREME_TACHYCARDIA", result.tachycardia());
        return rows;
    }

    private static void addAlertLatencyRows(
            List<AlertLatencyRow> rows, String alarm, AlertLatencyBenchmark.AlarmLatency latency) {
        rows.add(new AlertLatencyRow(alarm, "from onset", latency, latency.fromOnset()));
        rows.add(new AlertLatencyRow(alarm, "from criterion", latency, latency.fromCriterion()));
        rows.add(
                new AlertLatencyRow(
                        alarm, "from confirmation", latency, latency.fromConfirmation()));
    }

    private static void appendLatencyRow(
            StringBuilder markdown,
            LatencyBenchmark.Result result,
            String kind,
            LatencySummary summary) {
        markdown.append(
                String.format(
                        Locale.ROOT,
                        "| %d | %.0f | %s | %s | %d | %.0f | %.0f | %.0f |%n",
                        result.streams(),
                        result.durationSeconds(),
                        millis(result.checkpointInterval().toMillis()),
                        kind,
                        summary.count(),
                        summary.p50Millis(),
                        summary.p99Millis(),
                        summary.maxMillis()));
    }

    private static String millis(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /** Returns a plain-text table of gate results. */
    public static String gateText(List<GateBenchmark.Result> results) {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %10s %12s %10s %10s %12s %12s %14s%n",
                        "streams",
                        "chunks",
                        "samples",
                        "elapsed s",
                        "cpu s",
                        "chunks/s",
                        "samples/s",
                        "samples/cpu-s"));
        for (GateBenchmark.Result result : results) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%-8d %10d %12d %10.2f %10.2f %12.0f %12.0f %14.0f%n",
                            result.streams(),
                            result.chunks(),
                            result.samples(),
                            ThroughputBenchmark.seconds(result.elapsed()),
                            ThroughputBenchmark.seconds(result.streamThreadCpu()),
                            result.chunksPerSecond(),
                            result.samplesPerSecond(),
                            result.samplesPerCpuSecond()));
        }
        return text.toString();
    }

    /** Returns a Markdown table of gate results. */
    public static String gateMarkdown(List<GateBenchmark.Result> results) {
        StringBuilder markdown = new StringBuilder();
        markdown.append(
                "| streams | chunks | samples | elapsed (s) | stream-thread CPU (s) | chunks/s |"
                        + " samples/s | chunks per CPU-s | samples per CPU-s |\n");
        markdown.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (GateBenchmark.Result result : results) {
            markdown.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %d | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f |%n",
                            result.streams(),
                            result.chunks(),
                            result.samples(),
                            ThroughputBenchmark.seconds(result.elapsed()),
                            ThroughputBenchmark.seconds(result.streamThreadCpu()),
                            result.chunksPerSecond(),
                            result.samplesPerSecond(),
                            result.chunksPerCpuSecond(),
                            result.samplesPerCpuSecond()));
        }
        return markdown.toString();
    }
}
