package io.prime.runtime.transport;

/** Who is at the other end of an authenticated connection: replica {@code id} or client {@code id}. */
public record Identity(Role role, long id) {
    public enum Role {
        REPLICA, CLIENT
    }

    public static Identity replica(int id) {
        return new Identity(Role.REPLICA, id);
    }

    public static Identity client(long id) {
        return new Identity(Role.CLIENT, id);
    }

    public boolean isReplica() {
        return role == Role.REPLICA;
    }

    @Override
    public String toString() {
        return (role == Role.REPLICA ? "replica " : "client ") + id;
    }
}
