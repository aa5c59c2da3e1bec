/** Reading events into {@link dev.rdg.model.RawEvent}s, each tagged with its source and position. */
package dev.rdg.io;
