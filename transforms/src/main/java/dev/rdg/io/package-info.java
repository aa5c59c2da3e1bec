/**
 * Files in and out: reading events into {@link dev.rdg.model.RawEvent}s, each tagged with its source and
 * position ({@link dev.rdg.io.ReadEventFiles}), and writing a bounded run's lines into one file ({@link
 * dev.rdg.io.WriteLinesFile}, the dead letters of a backfill).
 */
package dev.rdg.io;
