/**
 * The Neo4j sink ({@code neo4j://HOST:PORT}): nodes and relationships written with batched, retried
 * {@code UNWIND … MERGE} under uniqueness constraints, labels only from validated type names.
 */
package dev.rdg.sinks.neo4j;
