package dev.weir.internal.state;

class InMemoryWriteCacheTest extends WriteCacheContract {

  @Override
  StateBackend newBackend() {
    return new InMemoryBackend();
  }
}
