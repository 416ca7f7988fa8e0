package io.prime.client;

import io.prime.kv.KvOperation;
import io.prime.kv.KvResult;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Typed access to the replicated key-value store through a {@link PrimeClient}. Every call is linearizable. */
public final class KvClient implements AutoCloseable {
    private final PrimeClient client;

    public KvClient(PrimeClient client) {
        this.client = client;
    }

    public CompletableFuture<KvResult> execute(KvOperation op) {
        return client.submit(KvOperation.encode(op)).thenApply(KvResult::decode);
    }

    public CompletableFuture<KvResult> put(String key, String value) {
        return execute(KvOperation.put(key, value));
    }

    public CompletableFuture<KvResult> get(String key) {
        return execute(KvOperation.get(key));
    }

    public CompletableFuture<KvResult> delete(String key) {
        return execute(KvOperation.delete(key));
    }

    /** Sets {@code key} to {@code newValue} if it is {@code expected} now (null: if it is absent). */
    public CompletableFuture<KvResult> compareAndSet(String key, String expected, String newValue) {
        return execute(KvOperation.cas(key, expected, newValue));
    }

    public CompletableFuture<KvResult> put(byte[] key, byte[] value) {
        return execute(new KvOperation.Put(key, value));
    }

    public static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public PrimeClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
