package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class MemoryCellTest {

    @Test
    void updateAppliesStateAndInputMatrices() {
        LegendreMemory memory = LegendreMemory.discretise(6, 30.0);
        MemoryCell cell = new MemoryCell(memory);
        DMatrixRMaj expected = new DMatrixRMaj(6, 1);
        DMatrixRMaj next = new DMatrixRMaj(6, 1);
        double[] inputs = {0.5, -1.25, 2.0};

        for (double input : inputs) {
            cell.update(input);
            CommonOps_DDRM.mult(memory.stateMatrix(), expected, next);
            CommonOps_DDRM.addEquals(next, input, memory.inputMatrix());
            expected.setTo(next);
        }

        for (int i = 0; i < 6; i++) {
            assertThat(cell.state(i))
                    .as("coefficient %d", i)
                    .isCloseTo(expected.get(i, 0), within(1e-15));
        }
    }

    @Test
    void resetReturnsToZeroState() {
        LegendreMemory memory = LegendreMemory.discretise(4, 20.0);
        MemoryCell cell = new MemoryCell(memory);
        FloatMemoryCell floatCell = new FloatMemoryCell(memory);
        cell.update(1.0);
        floatCell.update(1.0f);

        cell.reset();
        floatCell.reset();

        double[] state = new double[4];
        float[] floatState = new float[4];
        cell.copyState(state);
        floatCell.copyState(floatState);
        assertThat(state).containsOnly(0.0);
        assertThat(floatState).containsOnly(0.0f);
    }

    @Test
    void updateDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LegendreMemory memory = LegendreMemory.discretise(64, 250.0);
        MemoryCell cell = new MemoryCell(memory);
        FloatMemoryCell floatCell = new FloatMemoryCell(memory);
        for (int t = 0; t < 20_000; t++) {
            cell.update(Math.sin(t));
            floatCell.update((float) Math.sin(t));
        }
        long threadId = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(threadId);
        for (int t = 0; t < 100_000; t++) {
            cell.update(Math.sin(t));
            floatCell.update((float) Math.sin(t));
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // One allocation per sample would be at least 16 bytes each, 1.6 MB in all.
        assertThat(allocated)
                .as("bytes allocated by 100000 updates of each cell")
                .isLessThan(10_000);
    }
}
