/**
 * Measuring rdg: a deterministic generator of Netflix-like events and a harness that times rdg against the
 * runner's own floor on the same input, in one run.
 */
package dev.rdg.bench;
