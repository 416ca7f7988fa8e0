package io.prime.core.message;

import java.util.List;

/** Maps wire type ids to message kinds. Immutable; a protocol builds one at start-up. */
public final class MessageRegistry {
    private final MessageKind[] byId = new MessageKind[256];

    public MessageRegistry(List<MessageKind> kinds) {
        for (MessageKind kind : kinds) {
            if (byId[kind.id()] != null) {
                throw new IllegalArgumentException("duplicate message kind id " + kind.id() + ": " + byId[kind.id()] + " and " + kind);
            }
            byId[kind.id()] = kind;
        }
    }

    /** The kind with this id, or null if unassigned. */
    public MessageKind kind(int id) {
        return id >= 0 && id < 256 ? byId[id] : null;
    }

    public List<MessageKind> kinds() {
        return java.util.Arrays.stream(byId).filter(java.util.Objects::nonNull).toList();
    }
}
