/**
 * Reading events from Kafka: {@link dev.rdg.kafka.ReadKafkaEvents} turns the records of one or more topics
 * into {@code RawEvent}s with KafkaIO, and {@link dev.rdg.kafka.KafkaOffsets} commits the consumer group's
 * offsets once a bounded run has written its graph; {@code BoundedKafkaSource} reads a record-bounded run's
 * exact count, partitions in parallel. It lives in {@code pipelines} so that the model and the
 * transforms keep depending on Beam core only.
 */
package dev.rdg.kafka;
