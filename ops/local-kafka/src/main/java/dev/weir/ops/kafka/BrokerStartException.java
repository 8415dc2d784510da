package dev.weir.ops.kafka;

/**
 * A broker did not become ready. Extends {@link IllegalStateException} so that callers of
 * {@link LocalKafka} see one unchecked type; {@link #portInUse()} tells {@link LocalKafka#start}
 * that trying again with fresh ports may help.
 */
final class BrokerStartException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean portInUse;

    BrokerStartException(String message, boolean portInUse) {
        super(message);
        this.portInUse = portInUse;
    }

    boolean portInUse() {
        return portInUse;
    }
}
