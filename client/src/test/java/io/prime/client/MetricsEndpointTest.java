package io.prime.client;

import io.prime.kv.KvResult;
import io.prime.runtime.LocalCluster;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.ReplicaNode;
import io.prime.runtime.config.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each replica serves Prometheus metrics: progress, view and leader, SUSPECT-LEADER's turnaround times, rejections. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    @TempDir
    Path dir;

    private static String scrape(int port) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** The value of the first sample of {@code name} (without labels). */
    private static double value(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + name + " in\n" + text);
    }

    @Test
    void aReplicaReportsItsProgressAndTurnaroundTimes() throws Exception {
        int port = ClusterSetup.freePortRange(1);
        try (LocalCluster cluster = LocalCluster.generate(dir, 2)) {
            cluster.start(ReplicaNode.Options.of(0).withMetricsPort(port));
            for (int i = 1; i < 4; i++) {
                cluster.start(i);
            }
            try (ClientRuntime runtime = new ClientRuntime(cluster.config())) {
                PrimeClient client = PrimeClient.connect(runtime, 1, KeyFiles.readPrivate(cluster.config().clientKeyFile(1)),
                        ClientOptions.defaults());
                assertTrue(client.awaitConnected(4, 15_000));
                KvClient kv = new KvClient(client);
                for (int i = 0; i < 20; i++) {
                    assertEquals(KvResult.OK, kv.put("m" + i, "v").get(30, TimeUnit.SECONDS));
                }
                FaultToleranceTest.awaitAtLeast(() -> cluster.node(0).status().executedUpdates(), 20, 20_000);
                // TAT_acceptable needs a round of RTT measurements and TAT-UB reports: wait for it (bounded).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                String text = scrape(port);
                while (Double.isNaN(value(text, "prime_tat_acceptable_seconds")) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                    text = scrape(port);
                }
                assertTrue(value(text, "prime_executed_updates_total") >= 20, text);
                assertTrue(value(text, "prime_view") >= 0);
                assertEquals(value(text, "prime_view") % 4, value(text, "prime_leader"));
                double acceptable = value(text, "prime_tat_acceptable_seconds");
                assertTrue(acceptable > 0 && acceptable < 10, "TAT_acceptable " + acceptable);
                assertTrue(text.contains("prime_rejected_messages"), "rejections are exported");
                assertTrue(text.contains("prime_update_latency_seconds"), "latency histogram is exported");
                client.close();
            }
        }
    }
}
