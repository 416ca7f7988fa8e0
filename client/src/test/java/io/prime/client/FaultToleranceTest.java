package io.prime.client;

import io.prime.client.load.ClosedLoopLoad;
import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import io.prime.runtime.config.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exactly-once under a storm of client retries, and a replica crash under load with nothing acknowledged lost. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultToleranceTest {
    @TempDir
    Path dir;

    /** Waits until {@code value} reaches {@code target} (a bounded wait on an observable count, not a sleep). */
    static void awaitAtLeast(LongSupplier value, long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (value.getAsLong() < target) {
            assertTrue(System.nanoTime() < deadline, "timed out at " + value.getAsLong() + " of " + target);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void retriesToEveryReplicaNeverExecuteAnUpdateTwice() throws Exception {
        try (LocalCluster cluster = LocalCluster.generate(dir, 4).startAll();
             ClientRuntime runtime = new ClientRuntime(cluster.config())) {
            // A 1 ms retry timeout: almost every update is re-sent to all four replicas, several times.
            ClientOptions stormy = new ClientOptions(1, 2, 30_000, 8, 1000, 0, -1);
            PrimeClient client = PrimeClient.connect(runtime, 1, KeyFiles.readPrivate(cluster.config().clientKeyFile(1)), stormy);
            KvClient kv = new KvClient(client);
            assertTrue(client.awaitConnected(4, 10_000));
            int updates = 60;
            List<CompletableFuture<KvResult>> results = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                results.add(kv.put("k" + i, "v" + i));
            }
            for (CompletableFuture<KvResult> f : results) {
                assertEquals(KvResult.OK, f.get(30, TimeUnit.SECONDS));
            }
            assertTrue(client.retries() > 0, "the test needs retries to mean anything");
            // A last ordered operation: everything before it has been executed wherever it executed.
            assertEquals("v59", kv.get("k59").get(30, TimeUnit.SECONDS).valueUtf8());
            for (int r = 0; r < 4; r++) {
                int replica = r;
                awaitAtLeast(() -> cluster.node(replica).status().executedUpdates(), updates + 1, 20_000);
                assertEquals(updates + 1, cluster.node(r).status().executedUpdates(), "replica " + r + " executed an update twice");
            }
            client.close();
        }
    }

    /** What a test does to the cluster while its load runs; returns what to call it in failure messages. */
    @FunctionalInterface
    interface Fault {
        String strike(LocalCluster cluster) throws Exception;
    }

    /**
     * Runs a closed-loop load, applies {@code fault} after 200 completions, requires 200 more within
     * {@code afterSeconds}, and then that no acknowledged write was lost and no operation failed.
     */
    private void underLoad(Fault fault, long afterSeconds) throws Exception {
        try (LocalCluster cluster = LocalCluster.generate(dir, 12).startAll();
             ClosedLoopLoad load = new ClosedLoopLoad(cluster.config(), 0, 8, 128,
                     ClientOptions.defaults().withRetryTimeoutMillis(200), 1)) {
            assertTrue(load.awaitConnected(4, 10_000));
            CountDownLatch before = new CountDownLatch(1);
            CountDownLatch after = new CountDownLatch(1);
            long[] atFault = {Long.MAX_VALUE};
            load.onComplete(n -> {
                if (n >= 200) {
                    before.countDown();
                }
                if (n >= atFault[0] + 200) {
                    after.countDown();
                }
            });
            load.start();
            assertTrue(before.await(30, TimeUnit.SECONDS), "no progress before the fault");
            String what = fault.strike(cluster);
            atFault[0] = load.completed();
            assertTrue(after.await(afterSeconds, TimeUnit.SECONDS), "no progress after " + what);
            load.stop();
            assertEquals(0, load.verifyAcknowledged(), "an acknowledged write was lost");
            assertEquals(0, load.errors());
        }
    }

    @Test
    void aCrashedReplicaDoesNotStopTheClusterAndNoAcknowledgedWriteIsLost() throws Exception {
        underLoad(cluster -> {
            cluster.stop(2); // replica 2 is not the leader of view 0
            return "replica 2 crashed";
        }, 30);
    }

    /** The leader's process dies under load: the others suspect it, install the next view, and lose nothing. */
    @Test
    void aCrashedLeaderIsReplacedAndNoAcknowledgedWriteIsLost() throws Exception {
        underLoad(cluster -> {
            int leader = cluster.node(0).status().leader();
            long viewAtCrash = cluster.node(leader).status().view();
            cluster.stop(leader);
            for (int r = 0; r < 4; r++) {
                if (r != leader) {
                    int replica = r;
                    // The survivors suspect the silent leader and install a view it does not lead.
                    awaitAtLeast(() -> cluster.node(replica).status().view() > viewAtCrash
                            && cluster.node(replica).status().leader() != leader ? 1 : 0, 1, 30_000);
                }
            }
            return "leader " + leader + " was replaced";
        }, 45);
    }
}
