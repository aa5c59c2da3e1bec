/**
 * The composites between reading and writing: {@link dev.rdg.transforms.NormalizeEvents} (events to
 * assertions and dead letters), {@link dev.rdg.transforms.DivertTooLateEvents} (events too late for their
 * window made dead letters) and {@link dev.rdg.transforms.CoalesceUpdates} (one upsert per element and
 * window, counting distinct events, so redeliveries change nothing). Their durations are arguments of
 * their static factories ({@code CoalesceUpdates.inWindowsOf}, {@code DivertTooLateEvents.forWindows}),
 * never read from options, so tests build them with tiny ones.
 *
 * <p>{@link dev.rdg.transforms.UpsertWriter} is a sink's session of batched upserts, and
 * {@link dev.rdg.transforms.UpsertBatches} the buffer that hands it a batch at a time: the coalescing's
 * merging step writes through them with {@code CoalesceUpdates.writingTo}, and sinks' writing steps can too.
 */
package dev.rdg.transforms;
