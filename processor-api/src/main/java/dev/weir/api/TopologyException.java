package dev.weir.api;

/**
 * A pipeline that cannot run as built: a name used twice, a serde missing where records must
 * cross a topic, topics whose partition counts do not match. Thrown when the pipeline is built or
 * when a worker starts, never while records flow.
 */
public class TopologyException extends WeirException {

  public TopologyException(String message) {
    super(message);
  }
}
