/**
 * The composites between reading and writing: {@link dev.rdg.transforms.NormalizeEvents} (events to
 * assertions and dead letters), {@link dev.rdg.transforms.DivertTooLateEvents} (events too late for their
 * window made dead letters) and {@link dev.rdg.transforms.CoalesceUpdates} (one upsert per element and
 * window, counting distinct events, so redeliveries change nothing). Each takes its
 * durations as constructor arguments, never from options, so tests build them with tiny ones.
 */
package dev.rdg.transforms;
