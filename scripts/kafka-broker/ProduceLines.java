import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces every non-blank line of a file to a topic, one record each, with a plain KafkaProducer:
 *   java -cp 'target/kafka-broker-lib/*' scripts/kafka-broker/ProduceLines.java 127.0.0.1:9092 playback events.jsonl
 */
public final class ProduceLines {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ProduceLines BOOTSTRAP TOPIC FILE");
      System.exit(2);
    }
    long start = System.nanoTime();
    long[] sent = {0};
    Map<String, Object> config = Map.of("bootstrap.servers", args[0], "acks", "all", "linger.ms", "20");
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        Stream<String> lines = Files.lines(Path.of(args[2]), StandardCharsets.UTF_8)) {
      lines.filter(line -> !line.isBlank()).forEach(line -> {
        producer.send(new ProducerRecord<>(args[1], line));
        sent[0]++;
      });
      producer.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("produced %d records to %s in %.1f s%n", sent[0], args[1], seconds);
  }
}
