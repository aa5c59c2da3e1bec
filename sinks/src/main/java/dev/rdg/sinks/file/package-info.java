/**
 * The file sink ({@code file:DIR}): append-only share files, merged on read into the JSONL export and a
 * GraphML file for Gephi and yEd.
 */
package dev.rdg.sinks.file;
