package io.prime.client;

import io.prime.kv.KvResult;
import io.prime.runtime.ReplicaMain;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.ClusterSetup;
import io.prime.runtime.config.ReplicaEndpoint;
import io.prime.runtime.config.TransportConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-host configuration for real: each replica is a process in its own network namespace with its own
 * address (veth pairs on a bridge), configured only through cluster.yaml; the client runs in the root namespace.
 * Needs root and iproute2; skips with the reason otherwise. Everything it creates is removed afterwards.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NetworkNamespaceTest {
    @TempDir
    Path dir;

    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> replicas = new ArrayList<>();
    private String bridge;

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static void must(String... command) throws IOException, InterruptedException {
        int code = run(command);
        if (code != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + code);
        }
    }

    @Test
    void replicasInSeparateNetworkNamespacesServeAClientThroughTheirOwnAddresses() throws Exception {
        long pid = ProcessHandle.current().pid() % 100_000;
        String probe = "prime-probe-" + pid;
        boolean can;
        try {
            can = run("ip", "netns", "add", probe) == 0;
            if (can) {
                run("ip", "netns", "del", probe);
            }
        } catch (IOException e) {
            can = false;
        }
        Assumptions.assumeTrue(can, "skipped: cannot create network namespaces here (needs root and iproute2's ip netns)");
        int subnet = 20 + (int) (pid % 200);
        String prefix = "10.213." + subnet + ".";
        bridge = "pbr" + pid;
        try {
            must("ip", "link", "add", bridge, "type", "bridge");
            must("ip", "addr", "add", prefix + "1/24", "dev", bridge);
            must("ip", "link", "set", bridge, "up");
            List<ReplicaEndpoint> endpoints = new ArrayList<>();
            ClusterConfig generated = ClusterSetup.generate(dir, new ClusterSetup.Spec(4, 2, "127.0.0.1", 7000, 0,
                    ClusterSetup.lanProtocol(1), TransportConfig.defaults()));
            for (int i = 0; i < 4; i++) {
                String ns = "prime-t" + pid + "-" + i;
                String outside = "pa" + i + "-" + pid;
                String inside = "pb" + i + "-" + pid;
                must("ip", "netns", "add", ns);
                namespaces.add(ns);
                must("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
                must("ip", "link", "set", inside, "netns", ns);
                must("ip", "link", "set", outside, "master", bridge);
                must("ip", "link", "set", outside, "up");
                must("ip", "netns", "exec", ns, "ip", "addr", "add", prefix + (11 + i) + "/24", "dev", inside);
                must("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
                must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
                ReplicaEndpoint e = generated.replica(i);
                endpoints.add(new ReplicaEndpoint(i, prefix + (11 + i), 7000, 0, e.publicKey()));
            }
            ClusterConfig config = generated.withReplicas(endpoints);
            Path file = dir.resolve("cluster.yaml");
            Files.writeString(file, config.toYaml("replicas in network namespaces"));
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Process p = new ProcessBuilder("ip", "netns", "exec", namespaces.get(i),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), ReplicaMain.class.getName(),
                        "--config", file.toString(), "--id", Integer.toString(i))
                        .redirectErrorStream(true).start();
                replicas.add(p);
                ready.add(readyLine(p));
            }
            CompletableFuture.allOf(ready.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            ClusterConfig loaded = ClusterConfig.load(file);
            try (KvClient kv = new KvClient(PrimeClient.connect(loaded, 0))) {
                assertTrue(kv.client().awaitConnected(4, 20_000), "the client reaches every namespace");
                assertEquals(KvResult.OK, kv.put("where", "namespaces").get(30, TimeUnit.SECONDS));
                assertEquals("namespaces", kv.get("where").get(30, TimeUnit.SECONDS).valueUtf8());
            }
        } finally {
            for (Process p : replicas) {
                p.destroy();
            }
            for (Process p : replicas) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            for (String ns : namespaces) {
                run("ip", "netns", "del", ns);
            }
            run("ip", "link", "del", bridge);
        }
    }

    private static CompletableFuture<Void> readyLine(Process p) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(ReplicaMain.READY)) {
                        f.complete(null);
                    } else if (!f.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                f.completeExceptionally(new IOException("replica exited before it was ready:\n" + seen));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }
}
