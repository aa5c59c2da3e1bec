/**
 * The runnable ingest pipeline: its options, the immutable config they become, the pipeline builder that
 * tests call with their own source and sink, and the run summary.
 */
package dev.rdg.pipelines;
