/**
 * Where the graph goes: the {@link dev.rdg.sinks.GraphSink} contract every store implements, the registry
 * that picks a sink from a URI, {@link dev.rdg.sinks.WriteGraph} that writes a pipeline's nodes and edges
 * into a sink, and {@link dev.rdg.sinks.JsonlExport}, the export every sink must reproduce byte for byte.
 *
 * <p>Pipelines and the command line name a sink only by its URI, so a jar on the classpath can add a store
 * without any change here: it implements {@link dev.rdg.sinks.GraphSinkProvider} and registers it in
 * {@code META-INF/services/dev.rdg.sinks.GraphSinkProvider}.
 */
package dev.rdg.sinks;
