/**
 * The beat detection job and its configuration.
 *
 * <h2>Running it</h2>
 *
 * <ul>
 *   <li>On Kafka: {@code BeatDetectionJob.main} with {@code --bootstrap-servers host:port} and any
 *       option of {@link org.medstream.stream.job.BeatDetectionJobConfig} ({@code --help} lists
 *       them). It reads {@code medstream.signals.raw} and writes {@code medstream.events.beats},
 *       {@code medstream.alerts} and {@code medstream.signals.deadletter} with exactly-once Kafka
 *       transactions, committed on each checkpoint (every 10 s by default). With {@code
 *       --waves.model DIR} it also delineates waves and writes {@code medstream.events.segments}.
 *   <li>In code: {@code new BeatDetectionJob(config, detector, AlarmRules.defaults(), input)}, then
 *       {@code build(env)} for the output streams or {@code execute(env, sinks)} to run with sinks.
 *       {@link org.medstream.stream.job.ChunkInput#fromCollection} and {@link
 *       org.medstream.stream.job.ChunkInput#fromSource} make bounded inputs.
 *   <li>Over recordings: {@link org.medstream.stream.annotate.BeatAnnotator} and {@link
 *       org.medstream.stream.annotate.WaveAnnotator}.
 * </ul>
 *
 * <h2>Design decisions</h2>
 *
 * <ul>
 *   <li>Event time: a chunk's timestamp is the time of its first frame; the watermark follows the
 *       last frame of the newest chunk minus the out-of-orderness, because all samples of a chunk
 *       are known once it arrives. Watermarks are generated per Kafka partition inside the source,
 *       with idleness ({@code watermark.idleness}), so a silent partition stops holding the
 *       watermark back. The job has no windows, and its only event-time timer is the end of input
 *       at {@code Long.MAX_VALUE}, which flushes each stream's pending beats. Beats and alarms
 *       therefore never wait for the watermark or for other streams.
 *   <li>Late data: a chunk behind the watermark is processed like any other when it starts at or
 *       after its stream's next expected sample index. A chunk that starts before that index is a
 *       dead letter, because the detector has moved past its samples: {@code DUPLICATE} when it
 *       repeats the previous first index, {@code LATE_DATA} when it falls inside the gap the stream
 *       last skipped (already bridged), {@code OUT_OF_ORDER} otherwise.
 *   <li>Sampling frequency is mandatory and must lie between 50 Hz and 20 kHz; anything else (a
 *       heart-rate series at 1 Hz, a rate in samples per minute) is an {@code
 *       INVALID_SAMPLING_FREQUENCY} dead letter. Beats on record 100 score the same at 250, 360 and
 *       500 Hz.
 *   <li>Alarms run in the beat detection operator on each stream's sample clock, not on event-time
 *       timers: after a chunk ending at sample {@code e}, the detector has reported every beat up
 *       to {@code e - maxDelaySeconds * fs}, or up to its closer {@code reportedThroughIndex}
 *       bound, so asystole fires while chunks continue without beats, whatever the other streams on
 *       the partition do. A stream that stops sending raises no asystole, and neither does a lead
 *       the detector reports as flat.
 *   <li>No data: a stream that was sending and then sends no chunk for {@code
 *       alarm.no-data-timeout} (10 s) of processing time raises one technical, medium-priority
 *       {@code NO_DATA} alert with id {@code stream:NO_DATA:lastSampleIndex}, through the same
 *       alerts output and webhook. It escalates to high priority after {@code
 *       alarm.no-data-escalation} (50 s) more without a chunk; the next chunk ends it and re-arms
 *       it. It is off for bounded inputs, where the end of input is not silence. Dropping a
 *       stream's state after {@code state.retention} also drops its check, and after a restore
 *       every stream gets one full timeout to resume.
 *   <li>Beat indices: every beat lies on a sample the stream delivered. A beat a detector reports
 *       after the last sample it was given is clamped to that sample, with a warning.
 *   <li>Lead: the first channel named like an ECG lead, else channel 0.
 *   <li>Gaps up to {@code gap.max-padding} (1 s) are filled with NaN samples; longer gaps restart
 *       detector, RR history and alarm rules. Sample indices are never shifted.
 *   <li>Heart rate of a beat: 60 / mean of the last 8 RR intervals. The rate rules use each beat's
 *       own RR interval.
 *   <li>Waves ({@code waves.model} set): every ECG lead is resampled to the model's rate and
 *       delineated in {@link org.medstream.stream.waves.WaveDelineationFunction}; any gap finishes
 *       the leads and starts new delineators, because NaN padding would stay in the network state.
 *   <li>Webhook failures after all retries become {@code DELIVERY_FAILED} dead letters; the job
 *       keeps running. Delivery is at-least-once, so receivers deduplicate on {@code alertId}.
 * </ul>
 */
package org.medstream.stream.job;
