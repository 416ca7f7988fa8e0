package io.prime.client;

import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Four replicas in this JVM over real loopback sockets; KV operations through the client library. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KvClusterTest {
    @TempDir
    static Path dir;
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.generate(dir, 8).startAll();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void putGetCasDeleteThroughTheClientLibrary() throws Exception {
        try (KvClient kv = new KvClient(PrimeClient.connect(cluster.config(), 0))) {
            assertEquals(KvResult.NOT_FOUND, get(kv.get("colour")));
            assertEquals(KvResult.OK, get(kv.put("colour", "red")));
            assertEquals("red", get(kv.get("colour")).valueUtf8());
            KvResult mismatch = get(kv.compareAndSet("colour", "blue", "green"));
            assertEquals(KvResult.Status.CAS_MISMATCH, mismatch.status());
            assertEquals("red", mismatch.valueUtf8());
            assertEquals(KvResult.OK, get(kv.compareAndSet("colour", "red", "green")));
            assertEquals("green", get(kv.get("colour")).valueUtf8());
            assertEquals(KvResult.OK, get(kv.delete("colour")));
            assertEquals(KvResult.NOT_FOUND, get(kv.get("colour")));
            assertEquals(KvResult.Status.MALFORMED, KvResult.decode(get(kv.client().submit(new byte[] {42}))).status());
        }
    }

    @Test
    void manyClientsWriteConcurrentlyAndEveryReplicaAgrees() throws Exception {
        List<KvClient> clients = new ArrayList<>();
        try (ClientRuntime shared = new ClientRuntime(cluster.config())) {
            for (int c = 1; c <= 4; c++) {
                clients.add(new KvClient(PrimeClient.connect(shared, c,
                        io.prime.runtime.config.KeyFiles.readPrivate(cluster.config().clientKeyFile(c)), ClientOptions.defaults())));
            }
            List<CompletableFuture<KvResult>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                for (int c = 0; c < clients.size(); c++) {
                    all.add(clients.get(c).put("k" + c + "-" + i, "v" + i));
                }
            }
            for (CompletableFuture<KvResult> f : all) {
                assertEquals(KvResult.OK, get(f));
            }
            assertEquals("v49", get(clients.get(3).get("k3-49")).valueUtf8());
            clients.forEach(KvClient::close);
        }
        // f+1 replies complete an update; every replica executes it soon after (the status refreshes every 50 ms).
        for (int r = 0; r < 4; r++) {
            int replica = r;
            FaultToleranceTest.awaitAtLeast(() -> cluster.node(replica).status().executedUpdates(), 200, 20_000);
        }
    }
}
