/**
 * The Kafka sink, {@code kafka://HOST:PORT?prefix=rdg}: the graph as compactable topics of JSON upserts, one
 * topic per node type and per edge type, for the stores and services downstream (Netflix's "Data Mesh hop"),
 * with the dead letters on a topic of their own. Export reads the topics back and merges the upserts.
 */
package dev.rdg.sinks.kafka;
