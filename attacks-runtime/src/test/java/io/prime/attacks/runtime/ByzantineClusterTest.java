package io.prime.attacks.runtime;

import io.prime.client.KvClient;
import io.prime.client.PrimeClient;
import io.prime.core.RejectReason;
import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import io.prime.runtime.ReplicaNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Four replicas in this JVM over real loopback sockets, one of them Byzantine: KV operations still complete. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ByzantineClusterTest {
    @TempDir
    Path dir;

    private static LocalCluster start(Path dir, int faulty, String behaviour) throws Exception {
        return start(dir, faulty, behaviour, false);
    }

    private static LocalCluster start(Path dir, int faulty, String behaviour, boolean dormant) throws Exception {
        LocalCluster cluster = LocalCluster.generate(dir, 4);
        try {
            for (int i = 0; i < 4; i++) {
                ReplicaNode.Options o = ReplicaNode.Options.of(i);
                cluster.start(i == faulty ? o.withBehaviour(behaviour).withDormantBehaviour(dormant) : o);
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        assertEquals(behaviour, cluster.node(faulty).behaviour());
        return cluster;
    }

    /** 40 puts, then a read of each: every one completes with f+1 matching replies. */
    private static void putsAndGets(LocalCluster cluster) throws Exception {
        try (KvClient kv = new KvClient(PrimeClient.connect(cluster.config(), 1))) {
            List<CompletableFuture<KvResult>> puts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                puts.add(kv.put("k" + i, "v" + i));
            }
            for (CompletableFuture<KvResult> f : puts) {
                assertEquals(KvResult.OK, f.get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 40; i += 13) {
                assertEquals("v" + i, kv.get("k" + i).get(30, TimeUnit.SECONDS).valueUtf8());
            }
        }
    }

    private static void awaitAtLeast(LongSupplier value, long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (value.getAsLong() < target) {
            assertTrue(System.nanoTime() < deadline, "timed out at " + value.getAsLong() + " of " + target);
            TimeUnit.MILLISECONDS.sleep(10); // polling an observable count with a deadline, not a synchronisation by time
        }
    }

    @Test
    void aReplicaSendingGarbageDoesNotStopTheCluster() throws Exception {
        try (LocalCluster cluster = start(dir, 3, "garbage")) {
            putsAndGets(cluster);
            // The junk really went out: a correct replica's edge refused frames with broken signatures.
            awaitAtLeast(() -> cluster.node(0).edgeCounters().rejected(RejectReason.BAD_SIGNATURE), 1, 10_000);
        }
    }

    @Test
    void aDelayingLeaderThatForcesReconciliationDoesNotStopTheCluster() throws Exception {
        // The paper's §7 attack with f = 1: the one faulty server is the leader of view 0 (replica 0).
        try (LocalCluster cluster = start(dir, 0, "leader-delay+recon")) {
            putsAndGets(cluster);
            // The correct replicas executed everything, the updates the faulty leader withheld from replica 3 included.
            for (int r = 1; r < 4; r++) {
                int replica = r;
                awaitAtLeast(() -> cluster.node(replica).status().executedUpdates(), 41, 20_000);
            }
        }
    }

    @Test
    void aDormantBehaviourStaysOffUntilSwitchedOn() throws Exception {
        try (LocalCluster cluster = start(dir, 3, "garbage", true)) {
            putsAndGets(cluster);
            assertFalse(cluster.node(3).behaviourActive());
            assertEquals(0, cluster.node(0).edgeCounters().rejected(RejectReason.BAD_SIGNATURE), "junk before the switch");
            cluster.node(3).activateBehaviour();
            assertTrue(cluster.node(3).behaviourActive());
            awaitAtLeast(() -> cluster.node(0).edgeCounters().rejected(RejectReason.BAD_SIGNATURE), 1, 10_000);
            putsAndGets(cluster);
        }
    }
}
