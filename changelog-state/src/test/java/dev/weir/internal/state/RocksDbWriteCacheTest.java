package dev.weir.internal.state;

class RocksDbWriteCacheTest extends WriteCacheContract {

  @Override
  StateBackend newBackend() {
    return new RocksDbBackend(RocksDbTaskStoreTest.SMALL);
  }
}
