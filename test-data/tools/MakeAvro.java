import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes test-data/events/catalog/plays.avro from tools/plays.json (one record a line). Run from test-data/:
 * java -cp "$(cat /tmp/cp.txt)" tools/MakeAvro.java tools/plays.json events/catalog/plays.avro
 * (classpath: avro, jackson-core, jackson-databind, jackson-annotations, slf4j-api).
 */
public class MakeAvro {
  static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Play\",\"namespace\":\"dev.rdg.testdata\",\"fields\":["
          + "{\"name\":\"at\",\"type\":\"long\"},{\"name\":\"profile\",\"type\":\"string\"},"
          + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"seconds\",\"type\":\"int\"},"
          + "{\"name\":\"quality\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

  public static void main(String[] args) throws Exception {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    ObjectMapper json = new ObjectMapper();
    try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      out.create(schema, new File(args[1]));
      for (String line : Files.readAllLines(Path.of(args[0]))) {
        JsonNode play = json.readTree(line);
        GenericRecord record = new GenericData.Record(schema);
        record.put("at", play.get("at").asLong());
        record.put("profile", play.get("profile").asText());
        record.put("title", play.get("title").asText());
        record.put("seconds", play.get("seconds").asInt());
        record.put("quality", play.get("quality").isNull() ? null : play.get("quality").asText());
        out.append(record);
      }
    }
  }
}
