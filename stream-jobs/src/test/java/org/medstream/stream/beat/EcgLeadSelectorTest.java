package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EcgLeadSelectorTest {
    @Test
    void firstEcgLeadWins() {
        assertThat(EcgLeadSelector.select(List.of("MLII", "V5"))).isZero();
        assertThat(EcgLeadSelector.select(List.of("V1", "MLII"))).isZero();
        assertThat(EcgLeadSelector.select(List.of("Resp", "ABP", "II"))).isEqualTo(2);
        assertThat(EcgLeadSelector.select(List.of("PLETH", "ECG1"))).isEqualTo(1);
        assertThat(EcgLeadSelector.select(List.of("resp", "lead avf"))).isEqualTo(1);
    }

    @Test
    void channelZeroWhenNoNameMatches() {
        assertThat(EcgLeadSelector.select(List.of("ch1", "ch2"))).isZero();
        assertThat(EcgLeadSelector.select(List.of("Resp", "ABP"))).isZero();
    }

    @Test
    void otherLeadIsNextEcgLead() {
        assertThat(EcgLeadSelector.selectOther(List.of("MLII", "V1"), 0)).isEqualTo(1);
        assertThat(EcgLeadSelector.selectOther(List.of("RESP", "II", "V", "PLETH"), 1))
                .isEqualTo(2);
        assertThat(EcgLeadSelector.selectOther(List.of("V5", "MLII"), 1)).isZero();
    }

    @Test
    void noOtherLeadWithoutSecondEcgName() {
        assertThat(EcgLeadSelector.selectOther(List.of("II", "PLETH", "RESP"), 0)).isEqualTo(-1);
        assertThat(EcgLeadSelector.selectOther(List.of("II"), 0)).isEqualTo(-1);
        assertThat(EcgLeadSelector.selectOther(List.of("signal"), 0))
                .as("an unnamed only channel")
                .isEqualTo(-1);
    }
}
