/**
 * Graph file formats other tools read: {@link dev.rdg.sinks.export.GraphMl} (Gephi, yEd, networkx, Cytoscape)
 * and {@link dev.rdg.sinks.export.Dot} (Graphviz: {@code dot -Tpng}). Both write a list of nodes and edges, a
 * whole graph or a query's subgraph, sorted by key so the same graph gives the same bytes. The JSON Lines
 * contract stays {@link dev.rdg.sinks.JsonlExport}.
 */
package dev.rdg.sinks.export;
