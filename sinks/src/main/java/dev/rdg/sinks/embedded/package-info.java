/**
 * The embedded sink, {@code embedded:PATH}: the graph in a RocksDB database in a local folder, laid out as
 * forward and reverse adjacency lists, so rdg runs on one machine with nothing else installed and a query can
 * walk edges in both directions with prefix scans, newest first where it keeps only the latest (the recency
 * index).
 *
 * <p>It keeps each element's per-window shares next to its merged record, which makes every upsert
 * idempotent; it shares one database handle among all users in a JVM and refuses a folder another process
 * holds.
 */
package dev.rdg.sinks.embedded;
