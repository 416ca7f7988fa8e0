package io.prime.core.message;

/** The identity of a client update: exactly-once means at most one execution per UpdateId. */
public record UpdateId(long clientId, long requestNumber) implements Comparable<UpdateId> {
    @Override
    public int compareTo(UpdateId o) {
        int c = Long.compare(clientId, o.clientId);
        return c != 0 ? c : Long.compare(requestNumber, o.requestNumber);
    }

    @Override
    public String toString() {
        return "c" + clientId + "#" + requestNumber;
    }
}
