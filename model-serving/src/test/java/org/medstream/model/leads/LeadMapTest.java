package org.medstream.model.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.model.ludb.LudbReader;

class LeadMapTest {
    private static final List<String> LUDB = LudbReader.LEADS;

    @Test
    void ludbLeadsMapInOrder() {
        LeadMap map =
                LeadMap.of(
                        List.of(
                                "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5",
                                "v6"),
                        LUDB);

        for (int lead = 0; lead < 12; lead++) {
            assertThat(map.channelOf(lead)).isEqualTo(lead);
        }
    }

    @Test
    void mitBihModifiedLeads() {
        LeadMap map = LeadMap.of(List.of("MLII", "V1"), LUDB);

        assertThat(map.channelOf(LUDB.indexOf("ii"))).isZero();
        assertThat(map.channelOf(LUDB.indexOf("v1"))).isEqualTo(1);
        int presentLeads = 0;
        for (boolean present : map.present()) {
            presentLeads += present ? 1 : 0;
        }
        assertThat(presentLeads).isEqualTo(2);
    }

    @Test
    void namesWithoutCaseSpacesOrPrefix() {
        LeadMap map = LeadMap.of(List.of("Lead aVF", "MV5", "III "), LUDB);

        assertThat(map.channelOf(LUDB.indexOf("avf"))).isZero();
        assertThat(map.channelOf(LUDB.indexOf("v5"))).isEqualTo(1);
        assertThat(map.channelOf(LUDB.indexOf("iii"))).isEqualTo(2);
    }

    @Test
    void unnamedChannelStandsForLeadTwo() {
        LeadMap map = LeadMap.of(List.of("ECG", "PLETH"), LUDB);

        assertThat(map.channelOf(LUDB.indexOf("ii"))).isZero();
        assertThat(map.isEmpty()).isFalse();
    }

    @Test
    void noChannelsNoLeads() {
        assertThat(LeadMap.of(List.of(), LUDB).isEmpty()).isTrue();
    }
}
