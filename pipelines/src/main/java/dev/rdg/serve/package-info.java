/**
 * {@code rdg serve}: the query engine ({@link dev.rdg.sinks.query.GraphQuery}) as a small JSON HTTP API on
 * the JDK's HTTP server, and a web page that draws a node's neighbourhood (Cytoscape.js, vendored into the
 * jar by the build from its webjar; nothing is fetched at run time).
 */
package dev.rdg.serve;
