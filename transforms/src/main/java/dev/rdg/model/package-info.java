/**
 * The graph model every module shares: raw events, the node and edge assertions a mapping makes of them,
 * the coalesced nodes and edges the sinks write, dead letters, and the one key encoding that names them.
 *
 * <p>Every type here has a deterministic coder of its own (no Java serialization), so it can be a key, cross
 * a shuffle on any runner, and be stored byte-for-byte by a sink.
 */
package dev.rdg.model;
