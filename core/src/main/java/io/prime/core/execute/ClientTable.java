package io.prime.core.execute;

import io.prime.core.message.UpdateId;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly-once bookkeeping, part of the replicated state: for each client, the replies to its last
 * {@code window} executed requests and a floor below which every request counts as executed. An update whose
 * (client, request number) is below the floor or already in the table is skipped at execution, deterministically at
 * every replica, so an update preordered twice (a client that retried to several servers) is applied once.
 */
public final class ClientTable {
    /** What was replied to an executed request: resent as is, so it matches the other replicas' replies. */
    public record StoredReply(long globalSeq, byte[] result) {
    }

    private static final class Entry {
        long floor;
        final TreeMap<Long, StoredReply> replies = new TreeMap<>();
    }

    private final int window;
    private final Map<Long, Entry> clients = new HashMap<>();

    public ClientTable(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
    }

    public boolean alreadyExecuted(UpdateId id) {
        Entry e = clients.get(id.clientId());
        return e != null && (id.requestNumber() <= e.floor || e.replies.containsKey(id.requestNumber()));
    }

    /** The reply sent for an executed request still in the window, or null. */
    public StoredReply reply(UpdateId id) {
        Entry e = clients.get(id.clientId());
        return e == null ? null : e.replies.get(id.requestNumber());
    }

    public void record(UpdateId id, long globalSeq, byte[] result) {
        Entry e = clients.computeIfAbsent(id.clientId(), c -> new Entry());
        e.replies.put(id.requestNumber(), new StoredReply(globalSeq, result));
        while (e.replies.size() > window) {
            e.floor = e.replies.pollFirstEntry().getKey();
        }
    }

    public int clientCount() {
        return clients.size();
    }
}
