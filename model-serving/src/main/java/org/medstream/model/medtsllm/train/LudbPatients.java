package org.medstream.model.medtsllm.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.medstream.ingest.patient.LudbPatientLoader;
import org.medstream.ingest.patient.PatientLoad;
import org.medstream.schemas.PatientContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Patient contexts of LUDB records, by record number, from the {@code ludb.csv} table. */
public final class LudbPatients {
    private static final Logger LOG = LoggerFactory.getLogger(LudbPatients.class);

    /** File name of LUDB's patient table in the data folder. */
    public static final String FILE_NAME = "ludb.csv";

    private LudbPatients() {}

    /**
     * Reads {@code ludb.csv} from the records' folder or, as PhysioNet lays LUDB out ({@code
     * ludb.csv} beside {@code data/}), from its parent. Rows the loader rejects are logged and left
     * out, so their records get an empty patient JSON.
     *
     * @throws NoSuchFileException when neither folder has {@code ludb.csv}
     */
    public static Map<Integer, PatientContext> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        Path parent = folder.toAbsolutePath().getParent();
        if (!Files.exists(file) && parent != null && Files.exists(parent.resolve(FILE_NAME))) {
            file = parent.resolve(FILE_NAME);
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(
                    folder.resolve(FILE_NAME).toString(),
                    null,
                    "the patient prompt part needs LUDB's ludb.csv in the records' folder or its"
                            + " parent; copy it there or leave the patient part out of --prompt");
        }
        PatientLoad load = LudbPatientLoader.load(file, Instant.EPOCH);
        for (String error : load.errors()) {
            LOG.warn("Patient row skipped: file={} error={}", file, error);
        }
        Map<Integer, PatientContext> patients = new HashMap<>();
        for (PatientContext context : load.contexts()) {
            try {
                patients.put(Integer.parseInt(context.getStreamId().toString()), context);
            } catch (NumberFormatException e) {
                LOG.warn(
                        "Patient row skipped: file={} id={} is not a record number",
                        file,
                        context.getStreamId());
            }
        }
        return patients;
    }
}
