/**
 * Questions a graph answers in milliseconds: a node by key, its neighbours, k-hop breadth-first traversals
 * with per-hop limits and a lookback (Netflix's defaults: 300 edges per hop, 100 days), the shortest path
 * between two nodes and the connected entity around a node. {@link dev.rdg.sinks.query.GraphQuery} is written
 * against {@link dev.rdg.sinks.GraphReader}, so every sink that can read its graph back answers them; the
 * {@code rdg query} commands and {@code rdg serve} are thin layers over it.
 */
package dev.rdg.sinks.query;
