package dev.rdg.sinks.query;

import dev.rdg.model.NodeRef;

/** A query named a node the graph does not have: the command line exits 2, the HTTP API answers 404. */
public final class NodeNotFoundException extends RuntimeException {
  private final NodeRef ref;

  public NodeNotFoundException(NodeRef ref) {
    super("no node " + ref + " in the graph");
    this.ref = ref;
  }

  public NodeRef ref() {
    return ref;
  }
}
