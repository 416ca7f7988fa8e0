package io.prime.core.execute;

import io.prime.core.message.UpdateId;


/**
 * Exactly-once bookkeeping, part of the replicated state: for each client, the replies to its last
 * {@code window} executed requests and a floor below which every request counts as executed. An update whose
 * (client, request number) is below the floor or already in the table is skipped at execution, deterministically at
 * every replica, so an update preordered twice (a client that retried to several servers) is applied once.
 *
 * <p>Looked up for every executed update, so it avoids boxing: an open-addressing table keyed by client id, and per
 * client a small ring of its last {@code window} request numbers.
 */
public final class ClientTable {
    /** What was replied to an executed request: resent as is, so it matches the other replicas' replies. */
    public record StoredReply(long globalSeq, byte[] result) {
    }

    private static final class Entry {
        final long clientId;
        long floor;
        final long[] requests;
        final StoredReply[] replies;
        int size;

        Entry(long clientId, int window) {
            this.clientId = clientId;
            this.floor = -1;
            this.requests = new long[window];
            this.replies = new StoredReply[window];
        }

        int indexOf(long request) {
            for (int i = 0; i < size; i++) {
                if (requests[i] == request) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final int window;
    private Entry[] table = new Entry[64];
    private int clients;

    public ClientTable(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
    }

    private static int hash(long clientId) {
        long h = clientId * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private Entry find(long clientId) {
        int mask = table.length - 1;
        for (int i = hash(clientId) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null || e.clientId == clientId) {
                return e;
            }
        }
    }

    private Entry findOrCreate(long clientId) {
        Entry e = find(clientId);
        if (e != null) {
            return e;
        }
        if ((clients + 1) * 2 > table.length) {
            Entry[] old = table;
            table = new Entry[old.length * 2];
            for (Entry x : old) {
                if (x != null) {
                    insert(x);
                }
            }
        }
        e = new Entry(clientId, window);
        insert(e);
        clients++;
        return e;
    }

    private void insert(Entry e) {
        int mask = table.length - 1;
        int i = hash(e.clientId) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = e;
    }

    public boolean alreadyExecuted(UpdateId id) {
        Entry e = find(id.clientId());
        return e != null && (id.requestNumber() <= e.floor || e.indexOf(id.requestNumber()) >= 0);
    }

    /** The reply sent for an executed request still in the window, or null. */
    public StoredReply reply(UpdateId id) {
        Entry e = find(id.clientId());
        if (e == null) {
            return null;
        }
        int i = e.indexOf(id.requestNumber());
        return i < 0 ? null : e.replies[i];
    }

    public void record(UpdateId id, long globalSeq, byte[] result) {
        Entry e = findOrCreate(id.clientId());
        if (e.size == window) {
            // Evict the lowest request number: it becomes the floor, as with a sorted window.
            int lowest = 0;
            for (int i = 1; i < e.size; i++) {
                if (e.requests[i] < e.requests[lowest]) {
                    lowest = i;
                }
            }
            e.floor = Math.max(e.floor, e.requests[lowest]);
            e.size--;
            e.requests[lowest] = e.requests[e.size];
            e.replies[lowest] = e.replies[e.size];
            e.replies[e.size] = null;
        }
        e.requests[e.size] = id.requestNumber();
        e.replies[e.size] = new StoredReply(globalSeq, result);
        e.size++;
    }

    public int clientCount() {
        return clients;
    }

    public int window() {
        return window;
    }

    /**
     * A canonical encoding (part of the checkpoint state, so equal tables encode to equal bytes at every replica):
     * clients by id, each with its floor and its stored replies by request number.
     */
    public void encodeTo(io.prime.core.codec.WireWriter w) {
        java.util.List<Entry> entries = new java.util.ArrayList<>(clients);
        for (Entry e : table) {
            if (e != null) {
                entries.add(e);
            }
        }
        entries.sort(java.util.Comparator.comparingLong(e -> e.clientId));
        w.u32(entries.size());
        for (Entry e : entries) {
            w.i64(e.clientId).i64(e.floor).u16(e.size);
            Integer[] order = new Integer[e.size];
            for (int i = 0; i < e.size; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> e.requests[i]));
            for (int i : order) {
                w.i64(e.requests[i]).i64(e.replies[i].globalSeq()).blob(e.replies[i].result());
            }
        }
    }

    /** Replaces this table's content with one written by {@link #encodeTo} (a table of the same window). */
    public void restoreFrom(io.prime.core.codec.WireReader r, int maxResultBytes)
            throws io.prime.core.codec.MalformedFrameException {
        table = new Entry[64];
        clients = 0;
        long count = r.u32("clients");
        for (long c = 0; c < count; c++) {
            long clientId = r.i64("client id");
            Entry e = findOrCreate(clientId);
            e.floor = r.i64("floor");
            int size = r.u16("stored replies");
            if (size > window) {
                throw new io.prime.core.codec.MalformedFrameException(
                        io.prime.core.codec.MalformedFrameException.Reason.VALUE_OUT_OF_RANGE,
                        size + " stored replies for a window of " + window);
            }
            for (int i = 0; i < size; i++) {
                e.requests[i] = r.i64("request number");
                long seq = r.i64("global seq");
                e.replies[i] = new StoredReply(seq, r.blob("result", maxResultBytes));
            }
            e.size = size;
        }
    }

    @Override
    public String toString() {
        return "ClientTable(" + clients + " clients, window " + window + ")";
    }
}
