package io.prime.client;

/**
 * Settings of one client. Immutable, validated once; defaults in {@link #defaults()}.
 *
 * @param retryTimeoutMillis  without f+1 matching replies by then, the update is sent to every replica; the wait
 *                            doubles on each retry up to {@code maxRetryTimeoutMillis}
 * @param maxRetryTimeoutMillis longest wait between two retries
 * @param requestTimeoutMillis the future fails with a TimeoutException after this long (0: never)
 * @param maxOutstanding      updates in flight at once; at most the replicas' exactly-once window
 *                            ({@code PrimeConfig.clientWindow}), which is enforced
 * @param maxQueued           submissions waiting for a free slot before {@code submit} fails fast
 * @param homeReplica         the replica updates are sent to first (-1: client id mod N)
 * @param firstRequestNumber  the first request number (-1: the current time in microseconds, so that a restarted
 *                            client with the same id keeps increasing its request numbers)
 */
public record ClientOptions(long retryTimeoutMillis, long maxRetryTimeoutMillis, long requestTimeoutMillis,
                            int maxOutstanding, int maxQueued, int homeReplica, long firstRequestNumber) {
    public ClientOptions {
        if (retryTimeoutMillis < 1 || maxRetryTimeoutMillis < retryTimeoutMillis) {
            throw new IllegalArgumentException("need 1 <= retryTimeoutMillis <= maxRetryTimeoutMillis");
        }
        if (requestTimeoutMillis < 0) {
            throw new IllegalArgumentException("requestTimeoutMillis must be >= 0");
        }
        if (maxOutstanding < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("maxOutstanding must be >= 1 and maxQueued >= 0");
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(1_000, 8_000, 30_000, 16, 100_000, -1, -1);
    }

    public ClientOptions withRetryTimeoutMillis(long millis) {
        return new ClientOptions(millis, Math.max(millis, maxRetryTimeoutMillis), requestTimeoutMillis, maxOutstanding,
                maxQueued, homeReplica, firstRequestNumber);
    }

    public ClientOptions withRequestTimeoutMillis(long millis) {
        return new ClientOptions(retryTimeoutMillis, maxRetryTimeoutMillis, millis, maxOutstanding, maxQueued,
                homeReplica, firstRequestNumber);
    }

    public ClientOptions withMaxOutstanding(int n) {
        return new ClientOptions(retryTimeoutMillis, maxRetryTimeoutMillis, requestTimeoutMillis, n, maxQueued,
                homeReplica, firstRequestNumber);
    }

    public ClientOptions withHomeReplica(int replica) {
        return new ClientOptions(retryTimeoutMillis, maxRetryTimeoutMillis, requestTimeoutMillis, maxOutstanding,
                maxQueued, replica, firstRequestNumber);
    }

    public ClientOptions withFirstRequestNumber(long n) {
        return new ClientOptions(retryTimeoutMillis, maxRetryTimeoutMillis, requestTimeoutMillis, maxOutstanding,
                maxQueued, homeReplica, n);
    }
}
