package org.medstream.stream.alarm;

/**
 * Per-stream state of the {@link AlarmRules}, kept in Flink keyed state. A Flink POJO: public
 * no-argument constructor and public fields of POJO types, so no fallback serializer runs.
 */
public class AlarmState {
    /** Last beat, or the first observed sample when no beat has been seen since the last reset. */
    public long asystoleReferenceIndex;

    /** The current asystole alert, open from its START until the next beat. */
    public AlertEpisode asystole = new AlertEpisode();

    public RateRun bradycardia = new RateRun();
    public RateRun tachycardia = new RateRun();

    /** Consecutive ventricular beats and their alert. */
    public RateRun ventricular = new RateRun();

    /** The current lead-off alert, open until the lead carries a signal again. */
    public AlertEpisode leadOff = new AlertEpisode();

    /** Beats found on another ECG lead, for the {@link AsystoleSuppressor}. */
    public OtherLeadBeats otherLead = new OtherLeadBeats();

    /** Recent one-second blocks of the primary lead with a poor signal. */
    public PoorSignalBlocks poorSignal = new PoorSignalBlocks();

    /** Asystole windows held back since the last reset, because another lead showed beats. */
    public long suppressedAsystoles;

    /** RR interval window and alert of the atrial fibrillation rule. */
    public AtrialFibrillationRun atrialFibrillation = new AtrialFibrillationRun();

    /**
     * Beats that the agreement detector found on the alarm lead, with their classes, for the {@link
     * AgreementRule}.
     */
    public OtherLeadBeats agreementBeats = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);

    /** Sample through which the agreement detector has reported every beat. */
    public long agreementThroughIndex = Long.MIN_VALUE;

    /**
     * Alarms held back by the {@link AgreementRule} on this stream (asystole windows, rate runs,
     * ventricular runs and atrial fibrillation stretches), counted over the stream's life: a gap
     * does not reset it.
     */
    public long heldBackByAgreement;

    /** Filtered samples, stretch and alert of the ventricular flutter/fibrillation rule. */
    public VentricularFibrillationRun ventricularFibrillation = new VentricularFibrillationRun();

    public AlarmState() {}

    /**
     * Returns {@code state} with every field set, or null for null. Flink documents that POJO
     * schema evolution gives fields missing from old state their Java default value, so state
     * written before alerts had phases restores its episode fields as null.
     *
     * <p>NOTE: such state restores every condition as not alerted, so a condition that had raised
     * its one alert before the upgrade raises a new START.
     */
    public static AlarmState restored(AlarmState state) {
        if (state == null) {
            return null;
        }
        if (state.asystole == null) {
            state.asystole = new AlertEpisode();
        }
        if (state.bradycardia == null) {
            state.bradycardia = new RateRun();
        }
        if (state.tachycardia == null) {
            state.tachycardia = new RateRun();
        }
        if (state.ventricular == null) {
            state.ventricular = new RateRun();
        }
        if (state.leadOff == null) {
            state.leadOff = new AlertEpisode();
        }
        if (state.otherLead == null) {
            state.otherLead = new OtherLeadBeats();
        }
        if (state.poorSignal == null) {
            state.poorSignal = new PoorSignalBlocks();
        }
        if (state.atrialFibrillation == null) {
            state.atrialFibrillation = new AtrialFibrillationRun();
        }
        if (state.agreementBeats == null) {
            state.agreementBeats = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);
            state.agreementThroughIndex = Long.MIN_VALUE;
        }
        if (state.ventricularFibrillation == null) {
            state.ventricularFibrillation = new VentricularFibrillationRun();
        }
        // State written before the rhythm checks kept 64 beats without classes.
        state.agreementBeats = state.agreementBeats.withCapacity(AgreementRule.BEAT_CAPACITY);
        return state;
    }
}
