package dev.rdg.sinks.embedded;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** Tests for {@link PendingWrites}: reads see the database as the batch will leave it; commit applies it. */
@RunWith(JUnit4.class)
public class PendingWritesTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private Options options;
  private RocksDB db;
  private final ReadOptions read = new ReadOptions();
  private final WriteOptions write = new WriteOptions();

  @Before
  public void open() throws Exception {
    RocksDB.loadLibrary();
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, folder.getRoot().getAbsolutePath());
    db.put(bytes("w/1"), bytes("db-1"));
    db.put(bytes("w/2"), bytes("db-2"));
    db.put(bytes("w/3"), bytes("db-3"));
    db.put(bytes("x/1"), bytes("db-x"));
  }

  @After
  public void close() {
    db.close();
    options.close();
    read.close();
    write.close();
  }

  /** The batch's latest write of a key wins over the database and over its own earlier writes. */
  @Test
  public void testReadsSeeTheBatchsLatestWrite() throws Exception {
    PendingWrites pending = new PendingWrites();
    pending.put(bytes("w/1"), bytes("first"));
    pending.put(bytes("w/1"), bytes("second"));
    pending.delete(bytes("w/2"));
    pending.put(bytes("w/4"), bytes("new"));

    assertThat(text(pending.get(db, read, bytes("w/1"))), equalTo("second"));
    assertThat(pending.get(db, read, bytes("w/2")), nullValue());
    assertThat(text(pending.get(db, read, bytes("w/3"))), equalTo("db-3"));
    assertThat(text(pending.get(db, read, bytes("w/4"))), equalTo("new"));
    assertThat(pending.get(db, read, bytes("w/5")), nullValue());
    assertThat(text(db.get(bytes("w/1"))), equalTo("db-1"));
  }

  /** A prefix's values merge the database's and the batch's, in key order, without other prefixes. */
  @Test
  public void testValuesUnderAPrefixAsTheBatchLeavesThem() throws Exception {
    PendingWrites pending = new PendingWrites();
    pending.put(bytes("w/1"), bytes("batch-1"));
    pending.delete(bytes("w/2"));
    pending.put(bytes("w/0"), bytes("batch-0"));
    pending.put(bytes("x/2"), bytes("batch-x"));

    assertThat(texts(pending.values(db, read, bytes("w/"))), contains("batch-0", "batch-1", "db-3"));
    assertThat(texts(pending.values(db, read, bytes("x/"))), contains("db-x", "batch-x"));
  }

  /** Commit writes the batch: the last write of a key stays, a delete removes it, nothing else changes. */
  @Test
  public void testCommitAppliesTheBatch() throws Exception {
    PendingWrites pending = new PendingWrites();
    pending.put(bytes("w/1"), bytes("first"));
    pending.delete(bytes("w/1"));
    pending.put(bytes("w/1"), bytes("last"));
    pending.delete(bytes("w/3"));
    pending.put(bytes("w/4"), bytes("gone"));
    pending.delete(bytes("w/4"));
    pending.commit(db, write);

    assertThat(text(db.get(bytes("w/1"))), equalTo("last"));
    assertThat(text(db.get(bytes("w/2"))), equalTo("db-2"));
    assertThat(db.get(bytes("w/3")), nullValue());
    assertThat(db.get(bytes("w/4")), nullValue());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> values) {
    return values.stream().map(PendingWritesTest::text).collect(Collectors.toList());
  }
}
