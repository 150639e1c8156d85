package org.medstream.ingest.patient;

import java.util.List;
import org.medstream.schemas.PatientContext;

/**
 * Result of reading a patient-context file: the contexts of its valid rows, and one message per row
 * that was skipped.
 *
 * @param contexts one context per stream id, in file order
 * @param errors one message per skipped row, naming the file, row, column and value
 */
public record PatientLoad(List<PatientContext> contexts, List<String> errors) {
    public PatientLoad {
        contexts = List.copyOf(contexts);
        errors = List.copyOf(errors);
    }
}
