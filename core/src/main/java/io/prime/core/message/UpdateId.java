package io.prime.core.message;

/** The identity of a client update: exactly-once means at most one execution per UpdateId. */
public record UpdateId(long clientId, long requestNumber) implements Comparable<UpdateId> {
    @Override
    public int compareTo(UpdateId o) {
        int c = Long.compare(clientId, o.clientId);
        return c != 0 ? c : Long.compare(requestNumber, o.requestNumber);
    }

    /**
     * Mixed, not the record's {@code 31 * client + request}: with small client ids and consecutive request numbers
     * that one collides everywhere (client 1's request 0 meets client 0's request 31) and hash tables keyed by
     * UpdateId degrade into trees.
     */
    @Override
    public int hashCode() {
        long h = clientId * 0x9E3779B97F4A7C15L + requestNumber;
        h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "c" + clientId + "#" + requestNumber;
    }
}
