/**
 * The declarative mapping: one YAML file that says, per source, where an event's id and time are and which
 * nodes and edges it asserts, so adding a source or a node or edge type never needs code.
 * {@link dev.rdg.mapping.Mapping} parses and validates the file; {@link dev.rdg.mapping.EventMapper} applies
 * it to one event.
 */
package dev.rdg.mapping;
