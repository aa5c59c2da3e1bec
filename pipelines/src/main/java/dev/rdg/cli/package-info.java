/** The {@code rdg} command line: {@code ingest} and {@code export}. */
package dev.rdg.cli;
