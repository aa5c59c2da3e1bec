/**
 * The PostgreSQL sink ({@code jdbc:postgresql://…}): nodes and edges in two tables, written with batched
 * {@code INSERT … ON CONFLICT DO UPDATE} under row locks taken in key order, and read back for the export.
 */
package dev.rdg.sinks.jdbc;
