package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.ingest.wfdb.WfdbRecord;

/** A state checkpointed and restored with Flink's serializer mid-record gives the same beats. */
class StateCheckpointTest {
    @Test
    void restoredStateGivesSameBeats() throws IOException {
        WfdbRecord record = RecordDetection.read("mitdb", "105");
        double fs = record.samplingFrequencyHz();
        float[] samples = RecordDetection.lead(record, 0);
        List<BeatAnnotation> uninterrupted = RecordDetection.detect(samples, fs, 360);
        PanTompkinsDetector detector = new PanTompkinsDetector();
        TypeSerializer<QrsDetectorState> serializer =
                TypeInformation.of(detector.stateClass())
                        .createSerializer(new SerializerConfigImpl());
        List<BeatAnnotation> beats = new ArrayList<>();
        BeatListener listener = (sample, c) -> beats.add(new BeatAnnotation(sample, c));

        QrsDetectorState state = detector.createState(fs);
        int chunk = 360;
        for (int start = 0; start < samples.length; start += chunk) {
            if (start % (60 * chunk) == 0) {
                state = restore(serializer, checkpoint(serializer, state));
            }
            detector.process(
                    state,
                    samples,
                    start,
                    Math.min(chunk, samples.length - start),
                    start,
                    listener);
        }
        detector.finish(state, listener);

        assertThat(beats).isEqualTo(uninterrupted);
    }

    private static byte[] checkpoint(
            TypeSerializer<QrsDetectorState> serializer, QrsDetectorState state)
            throws IOException {
        DataOutputSerializer output = new DataOutputSerializer(4096);
        serializer.serialize(state, output);
        return output.getCopyOfBuffer();
    }

    private static QrsDetectorState restore(
            TypeSerializer<QrsDetectorState> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }
}
