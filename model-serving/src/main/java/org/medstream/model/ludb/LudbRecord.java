package org.medstream.model.ludb;

import java.util.List;

/**
 * One LUDB record prepared for training: the signal of each lead in mV and its wave labels.
 *
 * @param number record number in LUDB (1 to 200)
 * @param samplingFrequencyHz samples per second of every lead
 * @param leads lead names as the header gives them ({@code i}, {@code ii}, … {@code v6})
 * @param signals one array per lead, in mV; missing samples are 0
 * @param labels one {@link WaveLabels} per lead, in the order of {@code leads}
 */
public record LudbRecord(
        int number,
        double samplingFrequencyHz,
        List<String> leads,
        List<float[]> signals,
        List<WaveLabels> labels) {

    public LudbRecord {
        leads = List.copyOf(leads);
        signals = List.copyOf(signals);
        labels = List.copyOf(labels);
        if (signals.size() != leads.size() || labels.size() != leads.size()) {
            throw new IllegalArgumentException(
                    "record "
                            + number
                            + ": "
                            + leads.size()
                            + " leads but "
                            + signals.size()
                            + " signals and "
                            + labels.size()
                            + " label sets");
        }
    }
}
