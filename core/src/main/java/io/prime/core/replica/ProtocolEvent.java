package io.prime.core.replica;

/**
 * Something an operator should hear about: a view change, a suspicion, a blacklisting. Hosts log one line per event
 * and count them in metrics.
 */
public record ProtocolEvent(long timeNanos, int replica, Type type, String description, long view) {
    /** An event not tied to a particular view. */
    public ProtocolEvent(long timeNanos, int replica, Type type, String description) {
        this(timeNanos, replica, type, description, -1);
    }

    public enum Type {
        VIEW_CHANGE_STARTED,
        VIEW_INSTALLED,
        LEADER_SUSPECTED,
        SERVER_BLACKLISTED,
        CAUGHT_UP,
        /** A replica signed two state digests for one checkpoint, or ours differs from the agreed one. */
        CHECKPOINT_MISMATCH,
        STATE_TRANSFER_STARTED,
        STATE_TRANSFER_COMPLETED,
        /** This replica started from its durable state (how far it had executed, which view it was in). */
        RECOVERED,
        NOTICE
    }

    @Override
    public String toString() {
        return "replica " + replica + ": " + type + " " + description;
    }
}
