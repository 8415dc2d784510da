package dev.weir.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weir.api.StateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB store of one task, and the single owner of every native handle of its RocksDB
 * instance.
 *
 * <p>Layout: one column family per state, named {@code state:<name>}, and one column family
 * {@code weir:changelog-offsets} mapping each state name (UTF-8) to the next changelog offset (8
 * bytes, big-endian). Because offsets live in the same instance, {@link #apply} writes data and
 * offsets in one {@link WriteBatch}. The {@code default} column family exists (RocksDB requires it)
 * and stays empty. Column families of states that the current open does not name are opened too
 * (RocksDB requires every existing family to be opened), kept as they are, and wiped with the rest.
 *
 * <p>Durability: the write-ahead log is on and not synced. An applied batch is in the OS page cache
 * when {@code apply} returns, so it survives the death of the process (SIGKILL); a power loss may
 * lose the last commits, which restore then replays from the changelog.
 *
 * <p>Close order, enforced by {@link NativeHandles} (reverse order of creation): open iterators and
 * their bounds, open write batches, column family handles, the DB, read and write options, column
 * family options, the Bloom filter, DB options. The block cache and write buffer manager belong to
 * the {@link RocksDbBackend} and are closed by it after all its stores.
 */
final class RocksDbStore implements TaskStore {

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

  static final String STATE_FAMILY_PREFIX = "state:";
  static final String OFFSETS_FAMILY = "weir:changelog-offsets";

  private static final double BLOOM_BITS_PER_KEY = 10;

  private final Path directory;
  private final List<String> states;
  private final NativeHandles handles;
  private final RocksDB db;
  private final ColumnFamilyHandle[] stateFamilies;
  private final ColumnFamilyHandle offsetsFamily;
  /** Every family holding data of a state, including states this open does not name. */
  private final List<ColumnFamilyHandle> allStateFamilies;
  private final byte[][] offsetKeys;
  private final long[] offsets;
  private final WriteOptions writeOptions;
  private final ReadOptions scanOptions;
  private final Consumer<RocksDbStore> onClose;
  private boolean closed;

  private RocksDbStore(
      Path directory,
      List<String> states,
      NativeHandles handles,
      RocksDB db,
      ColumnFamilyHandle[] stateFamilies,
      ColumnFamilyHandle offsetsFamily,
      List<ColumnFamilyHandle> allStateFamilies,
      long[] offsets,
      WriteOptions writeOptions,
      ReadOptions scanOptions,
      Consumer<RocksDbStore> onClose) {
    this.directory = directory;
    this.states = states;
    this.handles = handles;
    this.db = db;
    this.stateFamilies = stateFamilies;
    this.offsetsFamily = offsetsFamily;
    this.allStateFamilies = allStateFamilies;
    this.offsets = offsets;
    this.writeOptions = writeOptions;
    this.scanOptions = scanOptions;
    this.onClose = onClose;
    this.offsetKeys = new byte[states.size()][];
    for (int i = 0; i < offsetKeys.length; i++) {
      offsetKeys[i] = states.get(i).getBytes(UTF_8);
    }
  }

  /**
   * Opens or creates the instance in {@code directory}. On failure every handle created so far is
   * closed before the exception leaves.
   *
   * @param onClose called once when the store is closed (the backend forgets it)
   */
  static RocksDbStore open(
      Path directory,
      List<String> stateNames,
      RocksDbOptions options,
      Cache blockCache,
      WriteBufferManager writeBufferManager,
      Consumer<RocksDbStore> onClose) {
    List<String> states = StateNames.checked(stateNames);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StateException(
          "Could not create the RocksDB store directory "
              + directory
              + ": "
              + e
              + ". Check that the state directory is writable and the disk not full.",
          e);
    }
    NativeHandles handles = new NativeHandles();
    try {
      return open(directory, states, options, blockCache, writeBufferManager, onClose, handles);
    } catch (RocksDBException | RuntimeException e) {
      try {
        handles.closeAll();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      if (e instanceof RocksDBException) {
        throw new StateException(
            "Could not open the RocksDB store in "
                + directory
                + " for states "
                + states
                + ": "
                + e.getMessage()
                + ". If the lock is held, another task or worker uses this directory: give each"
                + " worker its own state directory. If the store is corrupt, delete the directory;"
                + " the states are restored from their changelogs.",
            e);
      }
      throw (RuntimeException) e;
    }
  }

  private static RocksDbStore open(
      Path directory,
      List<String> states,
      RocksDbOptions options,
      Cache blockCache,
      WriteBufferManager writeBufferManager,
      Consumer<RocksDbStore> onClose,
      NativeHandles handles)
      throws RocksDBException {
    // Creation order is the reverse of the close order (see the class comment): do not reorder.
    DBOptions dbOptions =
        handles
            .track(new DBOptions())
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setWriteBufferManager(writeBufferManager)
            .setMaxOpenFiles(options.maxOpenFilesPerStore())
            // The offsets family is written at every commit but stays tiny; without a bound its
            // memtable would pin old WAL files until the default limit (4x all memtables) is hit.
            .setMaxTotalWalSize(4 * options.writeBufferBytesPerState())
            .setKeepLogFileNum(2)
            .setMaxLogFileSize(4L * 1024 * 1024);
    BloomFilter bloomFilter = handles.track(new BloomFilter(BLOOM_BITS_PER_KEY));
    BlockBasedTableConfig tableConfig =
        new BlockBasedTableConfig()
            .setBlockCache(blockCache)
            .setFilterPolicy(bloomFilter)
            // Index and filter blocks count against the shared cache, so memory stays bounded;
            // high priority and L0 pinning keep the blocks that every point lookup needs.
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            // Partitioned: a lookup loads one 4 KiB part of a file's index and filter, not the
            // whole (megabytes for a large file), so a state much larger than the cache does not
            // evict and reload whole filters on every miss. The small top level stays pinned.
            .setIndexType(IndexType.kTwoLevelIndexSearch)
            .setPartitionFilters(true)
            .setMetadataBlockSize(4096)
            .setPinTopLevelIndexAndFilter(true);
    ColumnFamilyOptions familyOptions =
        handles
            .track(new ColumnFamilyOptions())
            .setTableFormatConfig(tableConfig)
            .setWriteBufferSize(options.writeBufferBytesPerState())
            .setCompactionStyle(CompactionStyle.LEVEL)
            .setLevelCompactionDynamicLevelBytes(true)
            .setCompressionType(CompressionType.LZ4_COMPRESSION);
    // WAL on, not synced: survives a killed process, costs no fsync per commit.
    WriteOptions writeOptions =
        handles.track(new WriteOptions()).setSync(false).setDisableWAL(false);
    ReadOptions scanOptions = handles.track(new ReadOptions());

    List<byte[]> familyNames = existingFamilies(directory, handles);
    for (String state : states) {
      addIfAbsent(familyNames, stateFamilyName(state));
    }
    addIfAbsent(familyNames, OFFSETS_FAMILY.getBytes(UTF_8));
    addIfAbsent(familyNames, RocksDB.DEFAULT_COLUMN_FAMILY);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>(familyNames.size());
    for (byte[] name : familyNames) {
      descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
    }

    List<ColumnFamilyHandle> familyHandles = new ArrayList<>(descriptors.size());
    RocksDB db =
        handles.track(RocksDB.open(dbOptions, directory.toString(), descriptors, familyHandles));
    Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
    for (int i = 0; i < familyHandles.size(); i++) {
      // Tracked after the DB, so closed before it.
      ColumnFamilyHandle handle = handles.track(familyHandles.get(i));
      byName.put(new String(familyNames.get(i), UTF_8), handle);
    }

    ColumnFamilyHandle[] stateFamilies = new ColumnFamilyHandle[states.size()];
    for (int i = 0; i < stateFamilies.length; i++) {
      stateFamilies[i] = byName.get(STATE_FAMILY_PREFIX + states.get(i));
    }
    List<ColumnFamilyHandle> allStateFamilies = new ArrayList<>();
    for (Map.Entry<String, ColumnFamilyHandle> family : byName.entrySet()) {
      if (family.getKey().startsWith(STATE_FAMILY_PREFIX)) {
        allStateFamilies.add(family.getValue());
      }
    }
    ColumnFamilyHandle offsetsFamily = byName.get(OFFSETS_FAMILY);
    long[] offsets = readOffsets(db, offsetsFamily, states, directory);
    return new RocksDbStore(
        directory,
        states,
        handles,
        db,
        stateFamilies,
        offsetsFamily,
        List.copyOf(allStateFamilies),
        offsets,
        writeOptions,
        scanOptions,
        onClose);
  }

  /** The column families already in {@code directory}; empty for a new store. */
  private static List<byte[]> existingFamilies(Path directory, NativeHandles handles)
      throws RocksDBException {
    // A RocksDB directory always has a CURRENT file; listColumnFamilies fails without one.
    if (!Files.exists(directory.resolve("CURRENT"))) {
      return new ArrayList<>();
    }
    Options listOptions = handles.track(new Options());
    try {
      return new ArrayList<>(RocksDB.listColumnFamilies(listOptions, directory.toString()));
    } finally {
      handles.close(listOptions);
    }
  }

  private static void addIfAbsent(List<byte[]> names, byte[] name) {
    for (byte[] existing : names) {
      if (Arrays.equals(existing, name)) {
        return;
      }
    }
    names.add(name);
  }

  private static byte[] stateFamilyName(String state) {
    return (STATE_FAMILY_PREFIX + state).getBytes(UTF_8);
  }

  private static long[] readOffsets(
      RocksDB db, ColumnFamilyHandle offsetsFamily, List<String> states, Path directory)
      throws RocksDBException {
    long[] offsets = new long[states.size()];
    for (int i = 0; i < offsets.length; i++) {
      byte[] value = db.get(offsetsFamily, states.get(i).getBytes(UTF_8));
      if (value == null) {
        offsets[i] = RocksDbBatch.NO_OFFSET;
      } else if (value.length == 8) {
        offsets[i] = Bytes.readLong(value);
      } else {
        throw new StateException(
            "The changelog offset of state '"
                + states.get(i)
                + "' in the RocksDB store "
                + directory
                + " has "
                + value.length
                + " bytes, expected 8. The store is corrupt or was written by something else:"
                + " delete the directory; the states are restored from their changelogs.");
      }
    }
    return offsets;
  }

  @Override
  public byte[] get(int state, byte[] key) {
    checkOpen();
    try {
      return db.get(stateFamilies[state], key);
    } catch (RocksDBException e) {
      throw failure("read", state, e);
    }
  }

  @Override
  public KeyValueIterator prefixScan(int state, byte[] prefix, byte[] after) {
    checkOpen();
    Bytes.checkStartsWith(after, prefix);
    ColumnFamilyHandle family = stateFamilies[state];
    byte[] end = Bytes.prefixEnd(prefix);
    // The bound must outlive the native iterator (RocksDB keeps a pointer to it), so it is
    // created first and closed last. The shared read options only carry it into newIterator,
    // which copies the options.
    Slice upperBound = end == null ? null : handles.track(new Slice(end));
    RocksIterator iterator;
    try {
      scanOptions.setIterateUpperBound(upperBound);
      iterator = handles.track(db.newIterator(family, scanOptions));
    } finally {
      scanOptions.setIterateUpperBound(null);
    }
    return new RocksDbIterator(this, state, iterator, upperBound, prefix, after);
  }

  @Override
  public OptionalLong changelogOffset(int state) {
    checkOpen();
    long offset = offsets[state];
    return offset == RocksDbBatch.NO_OFFSET ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  @Override
  public StoreBatch newBatch() {
    checkOpen();
    return new RocksDbBatch(this, handles.track(new WriteBatch()), states.size());
  }

  @Override
  public void apply(StoreBatch batch) {
    checkOpen();
    if (!(batch instanceof RocksDbBatch rocksBatch) || !rocksBatch.belongsTo(this)) {
      throw new IllegalArgumentException(
          "The batch was not created by this store (" + directory + "); use its newBatch()");
    }
    try {
      db.write(writeOptions, rocksBatch.writeBatchToApply());
    } catch (RocksDBException e) {
      throw new StateException(
          "Could not apply a batch of "
              + batch.size()
              + " writes to the RocksDB store in "
              + directory
              + " (states "
              + states
              + "): "
              + e.getMessage()
              + ". Nothing of the batch was applied. Check the disk (full, read-only); the task"
              + " must restore from its changelogs.",
          e);
    }
    long[] applied = rocksBatch.offsets();
    for (int i = 0; i < applied.length; i++) {
      if (applied[i] != RocksDbBatch.NO_OFFSET) {
        offsets[i] = applied[i];
      }
    }
  }

  /**
   * Deletes each family's whole key range, and all offsets, in one synced write batch: a crash
   * leaves the store either as it was or empty, never data without its offsets. Then drops the SST
   * files inside those ranges so the space comes back before the restore refills the store.
   */
  @Override
  public void wipe() {
    checkOpen();
    List<ColumnFamilyHandle> families = new ArrayList<>(allStateFamilies);
    families.add(offsetsFamily);
    List<ColumnFamilyHandle> wipedFamilies = new ArrayList<>();
    List<byte[]> wipedRanges = new ArrayList<>();
    WriteBatch batch = handles.track(new WriteBatch());
    WriteOptions syncWrite = handles.track(new WriteOptions()).setSync(true);
    try {
      for (ColumnFamilyHandle family : families) {
        RocksIterator iterator = handles.track(db.newIterator(family));
        try {
          iterator.seekToFirst();
          if (!iterator.isValid()) {
            iterator.status();
            continue;
          }
          byte[] first = iterator.key();
          iterator.seekToLast();
          iterator.status();
          byte[] last = iterator.key();
          // deleteRange's end is exclusive, so the last key is deleted on its own.
          batch.deleteRange(family, first, last);
          batch.delete(family, last);
          wipedFamilies.add(family);
          wipedRanges.add(first);
          wipedRanges.add(last);
        } finally {
          handles.close(iterator);
        }
      }
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw new StateException(
          "Could not wipe the RocksDB store in "
              + directory
              + ": "
              + e.getMessage()
              + ". Nothing was deleted. Stop the worker and delete that directory by hand.",
          e);
    } finally {
      handles.close(syncWrite);
      handles.close(batch);
    }
    Arrays.fill(offsets, RocksDbBatch.NO_OFFSET);
    for (int i = 0; i < wipedFamilies.size(); i++) {
      try {
        db.deleteFilesInRanges(
            wipedFamilies.get(i), wipedRanges.subList(2 * i, 2 * i + 2), true);
      } catch (RocksDBException e) {
        // Only space is at stake: the data is already deleted, compaction will drop the files.
        LOG.warn("Could not drop the SST files of a wiped store in {}: {}", directory, e.toString());
      }
    }
  }

  @Override
  public long approximateSizeBytes() {
    checkOpen();
    long bytes = sizeOf(offsetsFamily);
    for (ColumnFamilyHandle family : allStateFamilies) {
      bytes += sizeOf(family);
    }
    return bytes;
  }

  private long sizeOf(ColumnFamilyHandle family) {
    try {
      return db.getLongProperty(family, "rocksdb.live-sst-files-size")
          + db.getLongProperty(family, "rocksdb.cur-size-all-mem-tables");
    } catch (RocksDBException e) {
      throw new StateException(
          "Could not read the size of the RocksDB store in " + directory + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Closes every native handle of the instance (see the class comment for the order), including
   * iterators and batches the caller did not close, which are logged as leaks. Synchronized
   * because the backend may close a leaked store from another thread.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    int leaked = 0;
    for (AbstractNativeReference handle : handles.openHandles()) {
      if (handle instanceof RocksIterator || handle instanceof WriteBatch) {
        leaked++;
      }
    }
    if (leaked > 0) {
      LOG.warn(
          "Closing the RocksDB store in {} with {} iterator(s) or batch(es) still open; they are"
              + " closed now. Close them before the store.",
          directory,
          leaked);
    }
    try {
      handles.closeAll();
    } finally {
      onClose.accept(this);
    }
  }

  // --- for RocksDbBatch and RocksDbIterator ---

  ColumnFamilyHandle family(int state) {
    return stateFamilies[state];
  }

  ColumnFamilyHandle offsetsFamily() {
    return offsetsFamily;
  }

  byte[] offsetKey(int state) {
    return offsetKeys[state];
  }

  String stateName(int state) {
    return states.get(state);
  }

  /** Closes a handle of this store unless the store (or the caller) already closed it. */
  void release(AbstractNativeReference handle) {
    if (!closed) {
      handles.close(handle);
    }
  }

  StateException failure(String action, int state, RocksDBException e) {
    return new StateException(
        "Could not "
            + action
            + " state '"
            + states.get(state)
            + "' in the RocksDB store "
            + directory
            + ": "
            + e.getMessage()
            + ". The disk may be full or failing, or the store corrupt. If it keeps failing, stop"
            + " the worker and delete that directory; the state is restored from its changelog.",
        e);
  }

  // --- for tests ---

  NativeHandles handles() {
    return handles;
  }

  Path directory() {
    return directory;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The RocksDB store in " + directory + " is closed");
    }
  }
}
