package org.medstream.model.train;

import java.util.List;

/**
 * Input of one training run: the task, its classes and leads, and the labelled sequences of the
 * training and validation records.
 *
 * @param task task name as {@code model.json} records it, such as {@code waves} or {@code beats}
 * @param classes class names in output order; class 0 is the background
 * @param leads lead names in input order
 * @param samplingFrequencyHz sampling frequency of every sequence
 * @param training sequences of the training records
 * @param validation sequences of the validation records, scored after every epoch
 */
public record TrainingData(
        String task,
        List<String> classes,
        List<String> leads,
        double samplingFrequencyHz,
        List<LabelledSequence> training,
        List<LabelledSequence> validation) {
    public TrainingData {
        classes = List.copyOf(classes);
        leads = List.copyOf(leads);
        training = List.copyOf(training);
        validation = List.copyOf(validation);
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException(
                    "Missing sequences: "
                            + training.size()
                            + " for training and "
                            + validation.size()
                            + " for validation; both need at least one");
        }
        for (LabelledSequence sequence : training) {
            requireLeads(sequence, leads.size());
        }
        for (LabelledSequence sequence : validation) {
            requireLeads(sequence, leads.size());
        }
    }

    private static void requireLeads(LabelledSequence sequence, int leads) {
        if (sequence.leads() != leads) {
            throw new IllegalArgumentException(
                    "Invalid sequence of "
                            + sequence.leads()
                            + " leads; the task has "
                            + leads
                            + " leads");
        }
    }
}
