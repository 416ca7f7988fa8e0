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
        NOTICE
    }

    @Override
    public String toString() {
        return "replica " + replica + ": " + type + " " + description;
    }
}
