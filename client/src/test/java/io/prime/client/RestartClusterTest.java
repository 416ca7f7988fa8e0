package io.prime.client;

import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import io.prime.runtime.ReplicaNode;
import io.prime.runtime.config.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replicas with data directories keep their state across restarts: one at a time, and the whole cluster at once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartClusterTest {
    @TempDir
    Path dir;

    private ReplicaNode start(LocalCluster cluster, int id) throws Exception {
        return cluster.start(ReplicaNode.Options.of(id).withDataDir(dir.resolve("data-" + id)));
    }

    private static KvClient client(ClientRuntime runtime, LocalCluster cluster, long clientId) throws Exception {
        PrimeClient c = PrimeClient.connect(runtime, clientId, KeyFiles.readPrivate(cluster.config().clientKeyFile(clientId)),
                ClientOptions.defaults().withRetryTimeoutMillis(300));
        assertTrue(c.awaitConnected(3, 15_000));
        return new KvClient(c);
    }

    @Test
    void theWholeClusterRestartsWithItsData() throws Exception {
        int keys = 40;
        try (LocalCluster cluster = LocalCluster.generate(dir, 4)) {
            for (int i = 0; i < 4; i++) {
                start(cluster, i);
            }
            try (ClientRuntime runtime = new ClientRuntime(cluster.config())) {
                KvClient kv = client(runtime, cluster, 1);
                for (int i = 0; i < keys; i++) {
                    assertEquals(KvResult.OK, kv.put("k" + i, "v" + i).get(30, TimeUnit.SECONDS));
                }
            }
            long[] executed = new long[4];
            for (int i = 0; i < 4; i++) {
                executed[i] = cluster.node(i).status().executedUpdates();
            }
            cluster.close(); // every replica stops
            for (int i = 0; i < 4; i++) {
                ReplicaNode node = start(cluster, i);
                // Restored from its own data directory, before it hears from anyone (its peers may not be up yet):
                // at least what it had executed when it stopped.
                FaultToleranceTest.awaitAtLeast(() -> node.status().executedUpdates(), executed[i], 10_000);
            }
            try (ClientRuntime runtime = new ClientRuntime(cluster.config())) {
                KvClient kv = client(runtime, cluster, 2);
                for (int i = 0; i < keys; i++) {
                    assertEquals("v" + i, kv.get("k" + i).get(30, TimeUnit.SECONDS).valueUtf8(), "key k" + i);
                }
                assertEquals(KvResult.OK, kv.put("after", "restart").get(30, TimeUnit.SECONDS));
                assertEquals("restart", kv.get("after").get(30, TimeUnit.SECONDS).valueUtf8());
            }
        }
    }

    @Test
    void aRestartedReplicaRejoinsWithItsStateAndIsNotBlacklisted() throws Exception {
        try (LocalCluster cluster = LocalCluster.generate(dir, 4)) {
            for (int i = 0; i < 4; i++) {
                start(cluster, i);
            }
            try (ClientRuntime runtime = new ClientRuntime(cluster.config())) {
                KvClient kv = client(runtime, cluster, 1);
                for (int i = 0; i < 20; i++) {
                    assertEquals(KvResult.OK, kv.put("a" + i, "x" + i).get(30, TimeUnit.SECONDS));
                }
                long before = cluster.node(3).status().executedUpdates();
                cluster.stop(3);
                for (int i = 0; i < 20; i++) {
                    assertEquals(KvResult.OK, kv.put("b" + i, "y" + i).get(30, TimeUnit.SECONDS));
                }
                ReplicaNode restarted = start(cluster, 3);
                FaultToleranceTest.awaitAtLeast(() -> restarted.status().executedUpdates(), before, 10_000);
                for (int i = 0; i < 20; i++) {
                    assertEquals(KvResult.OK, kv.put("c" + i, "z" + i).get(30, TimeUnit.SECONDS));
                }
                long target = cluster.node(0).status().executedUpdates();
                FaultToleranceTest.awaitAtLeast(() -> cluster.node(3).status().executedUpdates(), target, 30_000);
                for (int r = 0; r < 4; r++) {
                    assertEquals(java.util.List.of(), cluster.node(r).status().blacklisted(), "replica " + r + " blacklisted someone");
                }
            }
        }
    }
}
